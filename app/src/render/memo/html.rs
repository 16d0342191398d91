//! The memo as one self-contained, printable HTML file: no script, no external style sheet,
//! font or image, every text escaped. It is also well-formed XML (XHTML syntax), so any XML
//! parser can check its structure.

use super::{document, title, Block, Inline, MemoInput};

/// Screen and print styles, inline so the file stands alone.
const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif;
       line-height: 1.45; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #111; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #333; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #999; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td { overflow-wrap: anywhere; }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: .9em; }
pre { background: #f6f6f6; border: 1px solid #ccc; padding: .6rem; white-space: pre-wrap;
      overflow-wrap: anywhere; font-size: .85rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-before: auto; break-after: avoid; }
  h3, h4 { break-after: avoid; }
  table, pre { break-inside: auto; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
";

/// The memo in HTML.
pub fn html(input: &MemoInput) -> String {
    let mut out = String::from("<!DOCTYPE html>\n");
    out.push_str("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
    out.push_str("<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"generator\" content=\"ftzroute\"/>\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&title(input))));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    let mut section_open = false;
    for block in document(input) {
        match block {
            Block::Heading(level, text) => {
                // Each level-2 heading starts a section, so the structure is explicit.
                if level <= 2 {
                    if section_open {
                        out.push_str("</section>\n");
                    }
                    section_open = level == 2;
                    if section_open {
                        out.push_str("<section>\n");
                    }
                }
                out.push_str(&format!("<h{level}>{}</h{level}>\n", escape(&text)));
            }
            Block::Paragraph(inlines) => {
                out.push_str(&format!("<p>{}</p>\n", inline_html(&inlines)));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", inline_html(&item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(header, rows) => {
                out.push_str("<table>\n<thead><tr>");
                for cell in &header {
                    out.push_str(&format!("<th>{}</th>", escape(cell)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in &row {
                        out.push_str(&format!("<td>{}</td>", escape(cell)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Verbatim(_, body) => {
                out.push_str(&format!("<pre><code>{}</code></pre>\n", escape(&body)));
            }
        }
    }
    if section_open {
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn inline_html(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(t) => escape(t),
            Inline::Code(c) => format!("<code>{}</code>", escape(c)),
            Inline::Strong(s) => format!("<strong>{}</strong>", escape(s)),
        })
        .collect()
}

/// Text for element content and attribute values: the five XML specials become entities, and
/// characters XML forbids are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\"\u{1}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("《规定》第七条"), "《规定》第七条");
    }
}
