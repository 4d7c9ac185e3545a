package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** BB-code of deal comments turned into HubEx notes (plain) and notesHtml (escaped HTML with a fixed tag set). */
class BbCodeTest {

    @Test
    void plainTextDropsFormattingTagsAndKeepsTheirText() {
        assertThat(BbCode.toPlainText("[b]Важно[/b]: [i]срочно[/i], [u]утром[/u]")).isEqualTo("Важно: срочно, утром");
    }

    @Test
    void plainTextTurnsBreaksAndListItemsIntoLines() {
        assertThat(BbCode.toPlainText("Строка 1[br]Строка 2")).isEqualTo("Строка 1\nСтрока 2");
        assertThat(BbCode.toPlainText("Сделать:[list][*]насос[*]фильтр[/list]"))
                .isEqualTo("Сделать:\n- насос\n- фильтр");
    }

    @Test
    void plainTextKeepsLinkTextAndTarget() {
        assertThat(BbCode.toPlainText("См. [url=https://example.ru/a]инструкцию[/url]"))
                .isEqualTo("См. инструкцию (https://example.ru/a)");
        assertThat(BbCode.toPlainText("[url]https://example.ru[/url]")).isEqualTo("https://example.ru");
        assertThat(BbCode.toPlainText("[url=https://example.ru]https://example.ru[/url]")).isEqualTo("https://example.ru");
    }

    @Test
    void plainTextStripsUnknownTagsAndNbsp() {
        assertThat(BbCode.toPlainText("[color=#ff0000]красный[/color]&nbsp;[size=12]текст[/size]"))
                .isEqualTo("красный текст");
    }

    @Test
    void nullAndEmptyBecomeEmptyText() {
        assertThat(BbCode.toPlainText(null)).isEmpty();
        assertThat(BbCode.toPlainText("")).isEmpty();
        assertThat(BbCode.toHtml(null)).isEmpty();
        assertThat(BbCode.toHtml("")).isEmpty();
    }

    @Test
    void htmlMapsBoldItalicUnderlineStrike() {
        assertThat(BbCode.toHtml("[b]a[/b] [i]b[/i] [u]c[/u] [s]d[/s]"))
                .isEqualTo("<strong>a</strong> <em>b</em> <u>c</u> <s>d</s>");
        assertThat(BbCode.toHtml("[B]upper[/B]")).isEqualTo("<strong>upper</strong>");
    }

    @Test
    void htmlKeepsNestedTagsInOrder() {
        assertThat(BbCode.toHtml("[b][i]срочно[/i] и важно[/b]")).isEqualTo("<strong><em>срочно</em> и важно</strong>");
    }

    @Test
    void htmlEscapesMarkupFromTheComment() {
        String html = BbCode.toHtml("<script>alert('x')</script> & \"q\"");
        assertThat(html).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
        assertThat(html).doesNotContain("<script");
    }

    @Test
    void htmlEscapesMarkupInsideFormattingTags() {
        assertThat(BbCode.toHtml("[b]<img src=x onerror=alert(1)>[/b]"))
                .isEqualTo("<strong>&lt;img src=x onerror=alert(1)&gt;</strong>");
    }

    @Test
    void htmlMakesSafeLinksWithEscapedTarget() {
        assertThat(BbCode.toHtml("[url=https://example.ru/?a=1&b=2]Сайт[/url]"))
                .isEqualTo("<a href=\"https://example.ru/?a=1&amp;b=2\">Сайт</a>");
        assertThat(BbCode.toHtml("[url]mailto:info@example.ru[/url]"))
                .isEqualTo("<a href=\"mailto:info@example.ru\">mailto:info@example.ru</a>");
    }

    @Test
    void htmlKeepsOnlyTheTextOfAJavascriptLink() {
        String html = BbCode.toHtml("[url=javascript:alert(document.cookie)]нажми[/url]");
        assertThat(html).isEqualTo("нажми");
        assertThat(BbCode.toHtml("[URL]javascript:alert(1)[/URL]")).doesNotContain("<a").doesNotContain("href");
    }

    @Test
    void htmlRefusesALinkTargetThatTriesToBreakOutOfTheAttribute() {
        String html = BbCode.toHtml("[url=https://example.ru\" onclick=\"alert(1)]x[/url]");
        assertThat(html).doesNotContain("<a").doesNotContain("onclick=\"");
    }

    @Test
    void htmlBuildsListsAndBreaks() {
        assertThat(BbCode.toHtml("[list][*]насос[*]фильтр[/list]")).isEqualTo("<ul><li>насос<li>фильтр</ul>");
        assertThat(BbCode.toHtml("a[br]b\nc\r\nd")).isEqualTo("a<br>b<br>c<br>d");
    }

    @Test
    void htmlStripsUnknownTags() {
        assertThat(BbCode.toHtml("[color=red]красный[/color] [size=12]текст[/size]")).isEqualTo("красный текст");
    }
}
