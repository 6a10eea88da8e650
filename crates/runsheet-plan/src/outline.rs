//! The Markdown as a tree of blocks, read with pulldown-cmark (GFM tables and task lists on). The tree is an arena
//! (a flat `Vec` with indices), so neither building nor dropping it recurses, however deep the input nests.
//! Blocks nested deeper than [`MAX_DEPTH`] are folded into their ancestor: their text stays in its source range.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Nesting kept as separate blocks; anything deeper is part of its ancestor's source text.
pub(crate) const MAX_DEPTH: usize = 48;
/// Blocks kept; past this the rest of the file is one block of notes.
pub(crate) const MAX_NODES: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Root,
    Heading(u8),
    Paragraph,
    List {
        ordered: bool,
    },
    Item {
        task: Option<bool>,
    },
    Code {
        fenced: bool,
        language: String,
    },
    Table,
    TableHead,
    TableRow,
    TableCell,
    Quote,
    Html,
    /// A thematic break (`---`): layout, not content.
    Rule,
    /// A footnote, a definition list, front matter: kept as written.
    Other,
}

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    /// Where it is in the source.
    pub(crate) range: Range<usize>,
    pub(crate) children: Vec<usize>,
    /// Its own inline text (headings, paragraphs, tight list items, cells) or a code block's content.
    pub(crate) text: String,
}

pub(crate) struct Outline<'a> {
    pub(crate) source: &'a str,
    pub(crate) nodes: Vec<Node>,
    line_starts: Vec<usize>,
    /// Set when the file had more blocks than [`MAX_NODES`]: the byte where reading stopped.
    pub(crate) truncated_at: Option<usize>,
}

impl<'a> Outline<'a> {
    pub(crate) fn parse(source: &'a str) -> Self {
        let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
        let root = Node { kind: Kind::Root, range: 0..source.len(), children: Vec::new(), text: String::new() };
        let mut nodes = vec![root];
        // Open blocks; `folded` counts blocks opened past MAX_DEPTH, which get no node of their own.
        let mut stack: Vec<usize> = vec![0];
        let mut folded = 0usize;
        let mut truncated_at = None;
        for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    let Some(kind) = block_kind(&tag) else { continue };
                    if folded > 0 || stack.len() > MAX_DEPTH {
                        folded += 1;
                        continue;
                    }
                    if nodes.len() >= MAX_NODES {
                        truncated_at = Some(range.start);
                        break;
                    }
                    let id = nodes.len();
                    let parent = stack.last().copied().unwrap_or(0);
                    nodes[parent].children.push(id);
                    nodes.push(Node { kind, range, children: Vec::new(), text: String::new() });
                    stack.push(id);
                }
                Event::End(end) => {
                    if !is_block_end(&end) {
                        continue;
                    }
                    if folded > 0 {
                        folded -= 1;
                    } else if stack.len() > 1 {
                        stack.pop();
                    }
                }
                Event::TaskListMarker(done) if folded == 0 => {
                    if let Some(&item) = stack.iter().rev().find(|&&i| matches!(nodes[i].kind, Kind::Item { .. })) {
                        nodes[item].kind = Kind::Item { task: Some(done) };
                    }
                }
                Event::Text(text) | Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text)
                    if folded == 0 =>
                {
                    if let Some(&top) = stack.last() {
                        nodes[top].text.push_str(&text);
                    }
                }
                Event::SoftBreak | Event::HardBreak if folded == 0 => {
                    if let Some(&top) = stack.last() {
                        nodes[top].text.push(' ');
                    }
                }
                Event::Rule if folded == 0 => {
                    if nodes.len() >= MAX_NODES {
                        truncated_at = Some(range.start);
                        break;
                    }
                    let id = nodes.len();
                    let parent = stack.last().copied().unwrap_or(0);
                    nodes[parent].children.push(id);
                    nodes.push(Node { kind: Kind::Rule, range, children: Vec::new(), text: String::new() });
                }
                _ => {}
            }
        }
        let line_starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Outline { source, nodes, line_starts, truncated_at }
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(line.max(1)).unwrap_or(u32::MAX)
    }

    pub(crate) fn node(&self, id: usize) -> &Node {
        &self.nodes[id]
    }

    /// The block as written, without the indentation its first line had (so nested blocks read as top-level).
    pub(crate) fn source_of(&self, id: usize) -> String {
        self.source_range(self.nodes[id].range.clone())
    }

    pub(crate) fn source_range(&self, range: Range<usize>) -> String {
        let text = self.source.get(range.clone()).unwrap_or_default();
        let line_start = self.source.get(..range.start).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
        let indent =
            self.source.get(line_start..range.start).map_or(0, |s| s.chars().take_while(|c| *c == ' ').count());
        let text = text.trim_end();
        if indent == 0 || !text.contains('\n') {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                let spaces = line.chars().take(indent).take_while(|c| *c == ' ').count();
                out.push_str(&line[spaces..]);
            } else {
                out.push_str(line);
            }
        }
        out
    }

    /// The inline text of a block: its own, or that of its first paragraph (loose list items).
    pub(crate) fn lead_text(&self, id: usize) -> String {
        let node = &self.nodes[id];
        let own = node.text.trim();
        if !own.is_empty() {
            return own.to_string();
        }
        node.children
            .iter()
            .find(|&&c| self.nodes[c].kind == Kind::Paragraph)
            .map(|&c| self.nodes[c].text.trim().to_string())
            .unwrap_or_default()
    }
}

fn block_kind(tag: &Tag<'_>) -> Option<Kind> {
    Some(match tag {
        Tag::Paragraph => Kind::Paragraph,
        Tag::Heading { level, .. } => Kind::Heading(*level as u8),
        Tag::BlockQuote(_) => Kind::Quote,
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => Kind::Code {
            fenced: true,
            language: info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().unwrap_or("").to_string(),
        },
        Tag::CodeBlock(CodeBlockKind::Indented) => Kind::Code { fenced: false, language: String::new() },
        Tag::HtmlBlock => Kind::Html,
        Tag::List(start) => Kind::List { ordered: start.is_some() },
        Tag::Item => Kind::Item { task: None },
        Tag::Table(_) => Kind::Table,
        Tag::TableHead => Kind::TableHead,
        Tag::TableRow => Kind::TableRow,
        Tag::TableCell => Kind::TableCell,
        Tag::FootnoteDefinition(_)
        | Tag::DefinitionList
        | Tag::DefinitionListTitle
        | Tag::DefinitionListDefinition
        | Tag::MetadataBlock(_) => Kind::Other,
        Tag::Emphasis
        | Tag::Strong
        | Tag::Strikethrough
        | Tag::Superscript
        | Tag::Subscript
        | Tag::Link { .. }
        | Tag::Image { .. } => return None,
    })
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_tasks_and_code_are_read() {
        let md = "# Plan\n\n- [x] Backup\n  - detail\n- [ ] Deploy\n\n```bash\nmake deploy\n```\n";
        let o = Outline::parse(md);
        let root = o.node(0);
        let kinds: Vec<_> = root.children.iter().map(|&c| o.node(c).kind.clone()).collect();
        assert_eq!(kinds[0], Kind::Heading(1));
        assert_eq!(kinds[1], Kind::List { ordered: false });
        assert_eq!(kinds[2], Kind::Code { fenced: true, language: "bash".into() });
        let list = o.node(root.children[1]);
        let first = list.children[0];
        assert_eq!(o.node(first).kind, Kind::Item { task: Some(true) });
        assert_eq!(o.lead_text(first), "Backup");
        assert_eq!(o.node(root.children[2]).text, "make deploy\n");
        assert_eq!(o.line(o.node(list.children[1]).range.start), 5);
        let nested = o.node(first).children[0];
        assert_eq!(o.source_of(nested), "- detail");
    }

    #[test]
    fn deep_nesting_is_folded_not_recursed() {
        let md = "> ".repeat(10_000) + "deep\n";
        let o = Outline::parse(&md);
        assert!(o.nodes.len() <= MAX_DEPTH + 2, "{}", o.nodes.len());
    }
}
