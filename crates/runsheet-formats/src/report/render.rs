//! Rendering a [`Report`] with minijinja: HTML with autoescape on, Markdown with its own escaping filters.

use minijinja::{AutoEscape, Environment, Value};
use pulldown_cmark::{Event, Options, Parser};

use super::view::Report;
use crate::Result;

const HTML_TEMPLATE: &str = include_str!("../../templates/report.html.j2");
const MARKDOWN_TEMPLATE: &str = include_str!("../../templates/report.md.j2");
const STYLE: &str = include_str!("../../templates/report.css");

/// The filters every report template uses: `markdown` (rendered and sanitised), `md` and `cell` (escaped text for
/// a paragraph or a table cell), `code_cell` and `short`.
pub(crate) fn add_filters(env: &mut Environment<'static>) {
    env.add_filter("markdown", |text: String| Value::from_safe_string(markdown_to_html(&text)));
    env.add_filter("md", |text: String| md_text(&text));
    env.add_filter("cell", |text: String| md_cell(&text));
    env.add_filter("code_cell", |text: String| md_code_cell(&text));
    env.add_filter("short", |text: String| text.chars().take(12).collect::<String>());
}

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| if name.ends_with(".html") { AutoEscape::Html } else { AutoEscape::None });
    add_filters(&mut env);
    crate::readiness::add_templates(&mut env)?;
    env.add_template("report.html", HTML_TEMPLATE)?;
    env.add_template("report.md", MARKDOWN_TEMPLATE)?;
    Ok(env)
}

/// The report as Markdown.
pub fn to_markdown(report: &Report) -> Result<String> {
    let env = environment()?;
    let text = env.get_template("report.md")?.render(minijinja::context! { r => report })?;
    Ok(squeeze_blank_lines(&text))
}

/// The report as one self-contained HTML document.
pub fn to_html(report: &Report) -> Result<String> {
    let env = environment()?;
    Ok(env
        .get_template("report.html")?
        .render(minijinja::context! { r => report, style => Value::from_safe_string(STYLE.to_string()) })?)
}

/// Markdown rendered to HTML and sanitised: raw HTML is kept only where it is harmless, scripts, styles and event
/// handlers go, and images are dropped so that nothing is fetched.
pub fn markdown_to_html(text: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    // Images become their alt text: a report must never load anything.
    let events = Parser::new_ext(text, options).filter_map(|event| match event {
        Event::Start(pulldown_cmark::Tag::Image { .. }) | Event::End(pulldown_cmark::TagEnd::Image) => None,
        other => Some(other),
    });
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events);
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&html)
        .to_string()
}

/// Text for a Markdown paragraph: HTML is shown, not interpreted.
fn md_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Text for a Markdown table cell: one line, pipes escaped.
fn md_cell(text: &str) -> String {
    md_text(text).replace('|', "\\|").replace("\r\n", " ").replace('\n', " ")
}

/// Text for a Markdown table cell as a code span: shown verbatim (no emphasis, no HTML), pipes escaped.
fn md_code_cell(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let body = text.replace('|', "\\|").replace("\r\n", " ").replace('\n', " ");
    format!("{fence} {body} {fence}")
}

pub(crate) fn squeeze_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_sanitised() {
        let html = markdown_to_html(
            "**bold** <script>alert(1)</script> <b onclick=\"x()\">b</b> ![x](https://e.example/x.png) [l](javascript:alert(1))",
        );
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(!html.contains("<script") && !html.contains("onclick") && !html.contains("src="), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("e.example"), "{html}");
    }

    #[test]
    fn markdown_cells_stay_in_their_cell() {
        assert_eq!(md_cell("a|b\n<c>"), "a\\|b &lt;c&gt;");
        assert_eq!(md_code_cell("{\"a\":\"**x** `y` |\"}"), "`` {\"a\":\"**x** `y` \\|\"} ``");
    }
}
