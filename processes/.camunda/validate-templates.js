#!/usr/bin/env node
// Validates every element template in processes/.camunda/element-templates/ against the Camunda 7 element
// template JSON schema (npm @camunda/element-templates-json-schema), as Camunda Modeler does when it loads them,
// and checks that template ids (per version) are unique. Exit code 1 on any problem. Run: npm run lint:templates
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

const schema = require('@camunda/element-templates-json-schema/resources/schema.json');

const dir = path.join(__dirname, 'element-templates');
// strict: false - the schema uses union types and untyped if/then parts that Ajv's strict mode only warns about
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
const problems = [];
const seen = new Map();

if (files.length === 0) {
  problems.push(`no element templates (*.json) in ${dir}`);
}

for (const file of files) {
  const where = path.relative(process.cwd(), path.join(dir, file));
  let document;
  try {
    document = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch (e) {
    problems.push(`${where}: not valid JSON: ${e.message}`);
    continue;
  }
  if (!validate(document)) {
    for (const error of validate.errors) {
      problems.push(`${where}: ${error.instancePath || '/'} ${error.message} (${error.schemaPath})`);
    }
    continue;
  }
  for (const template of Array.isArray(document) ? document : [document]) {
    const key = `${template.id}@${template.version === undefined ? '_' : template.version}`;
    if (seen.has(key)) {
      problems.push(`${where}: template ${key} is already defined in ${seen.get(key)}`);
    }
    seen.set(key, where);
  }
}

if (problems.length > 0) {
  console.error(`Element templates: ${problems.length} problem(s)`);
  problems.forEach((problem) => console.error(`  ${problem}`));
  process.exit(1);
}
console.log(`Element templates: ${files.length} file(s), ${seen.size} template(s) valid against `
  + `@camunda/element-templates-json-schema ${require('@camunda/element-templates-json-schema/package.json').version}`);
