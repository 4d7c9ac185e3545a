#!/usr/bin/env node
// Renders every processes/*.bpmn to docs/images/<name>.png with the bpmn-js viewer in headless Chromium.
//
//   npm ci && node docs/render-diagrams.mjs
//
// Needs Debian's chromium (/usr/bin/chromium, or set CHROMIUM_PATH) and the devDependencies bpmn-js and
// playwright-core. Nothing is fetched from the network: the page is built in memory and the viewer script and
// its styles are inlined from node_modules.
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const processesDir = join(root, 'processes');
const imagesDir = join(root, 'docs', 'images');
const bpmnJsDist = join(root, 'node_modules', 'bpmn-js', 'dist');
const viewerScript = join(bpmnJsDist, 'bpmn-viewer.production.min.js');
const styles = [join(bpmnJsDist, 'assets', 'diagram-js.css'), join(bpmnJsDist, 'assets', 'bpmn-js.css')];

// wide enough for the whole process at a scale near 1:1, so that labels stay readable
const viewport = { width: 2400, height: 940 };
// white space around the diagram in the picture, in pixels
const margin = 20;

const PAGE_HTML = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <style>
    html, body { margin: 0; padding: 0; background: #fff; }
    #canvas { width: ${viewport.width}px; height: ${viewport.height}px; }
    /* no watermark/logo in the documentation pictures */
    .bjs-powered-by { display: none !important; }
  </style>
</head>
<body><div id="canvas"></div></body>
</html>`;

async function main() {
  const diagrams = (await readdir(processesDir)).filter((f) => f.endsWith('.bpmn')).sort();
  if (diagrams.length === 0) {
    throw new Error(`no .bpmn files in ${processesDir}`);
  }
  await mkdir(imagesDir, { recursive: true });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    // the page needs nothing from outside: refuse every request instead of waiting on it
    await context.route('**/*', (route) => route.abort());
    for (const file of diagrams) {
      const xml = await readFile(join(processesDir, file), 'utf8');
      const out = join(imagesDir, `${basename(file, '.bpmn')}.png`);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.setContent(PAGE_HTML);
      for (const css of styles) {
        await page.addStyleTag({ path: css });
      }
      await page.addScriptTag({ path: viewerScript });
      const { warnings, clip } = await page.evaluate(async ({ diagramXml, margin }) => {
        // eslint-disable-next-line no-undef
        const viewer = new BpmnJS({ container: '#canvas' });
        const result = await viewer.importXML(diagramXml);
        const canvas = viewer.get('canvas');
        canvas.zoom('fit-viewport');
        // then: a margin around the diagram, never enlarged beyond 1:1, placed at the top left
        const { inner, outer } = canvas.viewbox();
        const scale = Math.min(1, (outer.width - 2 * margin) / inner.width,
          (outer.height - 2 * margin) / inner.height);
        canvas.viewbox({
          x: inner.x - margin / scale,
          y: inner.y - margin / scale,
          width: outer.width / scale,
          height: outer.height / scale,
        });
        return {
          warnings: result.warnings.map((w) => w.message),
          // only the part of the canvas the diagram uses
          clip: {
            width: Math.ceil(inner.width * scale + 2 * margin),
            height: Math.ceil(inner.height * scale + 2 * margin),
          },
        };
      }, { diagramXml: xml, margin });
      if (errors.length > 0) {
        throw new Error(`${file}: ${errors.join('; ')}`);
      }
      for (const warning of warnings) {
        console.warn(`${file}: import warning: ${warning}`);
      }
      const box = await page.locator('#canvas').boundingBox();
      await page.screenshot({
        path: out,
        clip: {
          x: box.x,
          y: box.y,
          width: Math.min(clip.width, box.width),
          height: Math.min(clip.height, box.height),
        },
      });
      await page.close();
      console.log(`${file} -> ${out.slice(root.length + 1)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
