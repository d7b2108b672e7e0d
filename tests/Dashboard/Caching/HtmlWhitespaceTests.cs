using Impact.Dashboard.Caching;

namespace Impact.Tests.Dashboard.Caching;

/// <summary>Kept sections lose their template's indentation, never a space a browser would show.</summary>
public sealed class HtmlWhitespaceTests
{
    [Test]
    public void Indentation_becomes_one_line_break_and_words_stay_apart()
    {
        const string Html = "<table>\n        <tr><td>1</td>   \n    <td>2</td></tr>\n\n      </table>\n" +
                            "<p>people finishing\n          per month</p>";
        Assert.That(HtmlWhitespace.Compact(Html),
            Is.EqualTo("<table>\n<tr><td>1</td>\n<td>2</td></tr>\n</table>\n<p>people finishing\nper month</p>"));
    }

    [Test]
    public void Preformatted_text_keeps_its_spaces()
    {
        const string Html = "<div>\n    <pre>impact ingest\n    impact estimate</pre>\n" +
                            "    <TEXTAREA>a\n    b</TEXTAREA>\n    </div>";
        Assert.That(HtmlWhitespace.Compact(Html), Is.EqualTo(
            "<div>\n<pre>impact ingest\n    impact estimate</pre>\n<TEXTAREA>a\n    b</TEXTAREA>\n</div>"));
    }

    [Test]
    public void Markup_without_line_breaks_is_unchanged() =>
        Assert.That(HtmlWhitespace.Compact("<p>a  b</p>"), Is.EqualTo("<p>a  b</p>"));
}
