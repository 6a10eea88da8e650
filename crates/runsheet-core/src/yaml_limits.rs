//! Limits a YAML text must meet before a parser reads it: at most [`MAX_BYTES`] bytes, at most [`MAX_DEPTH`] levels
//! of nesting, and at most [`MAX_VALUES`] values. [`check`] looks at the text once, in linear time, and names the
//! line and column where a limit is passed.
//!
//! Why: libyaml (under serde_norway) takes time quadratic in the nesting depth before it hands over a single event,
//! so a 200 KB file of 100,000 nested `[` took 27 s to refuse, and serde_norway's own limit (128 levels) only
//! applies after the whole file has been parsed. A workspace file is about 8 levels deep (`runbooks[0].phases[1]
//! .steps[2].command`), a checks file about 10 with nested `all`/`any` conditions, so 64 leaves room and costs
//! nothing. The biggest file measured, 10,000 HTTP checks, is 1.9 MB; 8 MiB leaves room for four times that.
//!
//! Depth counts what a YAML parser opens: every flow `[`/`{`, a `key: value` pair written inside a flow sequence
//! (`[a: b]` is a sequence holding a one-pair mapping), and every block mapping or sequence (by indentation, as
//! libyaml tracks it, including a sequence written at its key's indentation and `- - x` on one line). Text inside
//! quoted scalars, block scalars (`|`, `>`), plain scalars and comments does not count. The scan is not a full
//! parser: on malformed YAML it may count differently from one, which at worst gives the limit error instead of a
//! syntax error.
//!
//! Values count what a parser builds, each at a cost: every scalar (plain, quoted, block, an alias) and every
//! collection (flow or block). Under the size and depth limits alone, 8 MiB of `[],` or `- a` lines still took
//! serde_norway 1.5–3.5 s to read (0.4–0.6 µs a value, release build); the values limit keeps any text under 0.5
//! s. The 10,000-check file of `bench/checks.sh` (1.9 MB) holds about 150,000 values, so [`MAX_VALUES`] leaves room
//! for three times that.

/// The largest YAML text read, in bytes (8 MiB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// The deepest nesting of mappings and sequences read.
pub const MAX_DEPTH: usize = 64;

/// The most values (scalars and collections) read.
pub const MAX_VALUES: usize = 500_000;

/// The limits [`check_with`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of text.
    pub bytes: usize,
    /// Levels of nesting.
    pub depth: usize,
    /// Scalars and collections.
    pub values: usize,
}

impl Limits {
    /// [`MAX_BYTES`], [`MAX_DEPTH`] and [`MAX_VALUES`].
    pub const DEFAULT: Limits = Limits { bytes: MAX_BYTES, depth: MAX_DEPTH, values: MAX_VALUES };
}

/// A limit passed, and where (1-based line and column, counted in characters as YAML parsers count them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitExceeded {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Which limit, e.g. `nesting deeper than 64 levels; …`.
    pub message: String,
}

/// Checks a YAML text against [`MAX_BYTES`], [`MAX_DEPTH`] and [`MAX_VALUES`] in one linear pass.
pub fn check(text: &str) -> Result<(), LimitExceeded> {
    check_with(text, &Limits::DEFAULT)
}

/// [`check`] with other limits (tests, and readers of smaller inputs).
pub fn check_with(text: &str, limits: &Limits) -> Result<(), LimitExceeded> {
    scan(text, limits).map(|_| ())
}

/// [`check`], and how many values (scalars and collections) the text holds: for a reader whose cost grows with
/// them, to choose how to read.
pub fn check_counting(text: &str) -> Result<usize, LimitExceeded> {
    scan(text, &Limits::DEFAULT)
}

fn scan(text: &str, limits: &Limits) -> Result<usize, LimitExceeded> {
    let bytes = text.as_bytes();
    if bytes.len() > limits.bytes {
        let (line, column) = position(bytes, limits.bytes);
        return Err(LimitExceeded { line, column, message: size_message(bytes.len() as u64, limits.bytes) });
    }
    Scanner::new(bytes, limits).run().map_err(|(at, passed)| {
        let (line, column) = position(bytes, at);
        let message = match passed {
            Passed::Depth => format!("nesting deeper than {} levels; no Runsheet file needs that many", limits.depth),
            Passed::Values => format!(
                "more than {} values (scalars, mappings and sequences); no Runsheet file needs that many",
                limits.values
            ),
        };
        LimitExceeded { line, column, message }
    })
}

/// Why a text of `len` bytes is refused when at most `max_bytes` are read (for a reader that knows a file's size
/// before reading it, with [`MAX_BYTES`]).
pub fn size_message(len: u64, max_bytes: usize) -> String {
    format!(
        "the file is {len} bytes, over the limit of {max_bytes} bytes ({}); no Runsheet file needs that much",
        size_text(max_bytes)
    )
}

fn size_text(n: usize) -> String {
    if n >= 1024 * 1024 && n % (1024 * 1024) == 0 {
        format!("{} MiB", n / (1024 * 1024))
    } else if n >= 1024 && n % 1024 == 0 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} B")
    }
}

/// The 1-based line and column of byte `at` (lines end at `\n`; columns count characters).
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(bytes.len());
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = before[start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
    (line, column)
}

/// A block collection libyaml would have open: its indentation, whether it is a sequence, and whether a sequence
/// written at the same indentation (`key:\n- a`) is open inside this mapping.
struct Indent {
    column: usize,
    seq: bool,
    indentless: bool,
}

/// A flow collection open, and whether a `key: value` pair is open in it (a sequence only).
struct Flow {
    map: bool,
    pair: bool,
}

/// What carries over from one line to the next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    /// A quoted scalar not yet closed.
    Quoted(u8),
    /// A plain scalar in block context, which more indented lines continue.
    Plain,
    /// A block scalar's content: blank lines, and lines indented at least `indent` (which the first non-blank line
    /// sets when the header gives none; it must be deeper than `parent`, the collection's indentation, and ≥ 1).
    Block {
        parent: Option<usize>,
        indent: Option<usize>,
    },
}

struct Scanner<'a> {
    bytes: &'a [u8],
    max_depth: usize,
    max_values: usize,
    values: usize,
    indents: Vec<Indent>,
    indentless: usize,
    flow: Vec<Flow>,
    pairs: usize,
    open: Open,
}

/// Which limit was passed.
enum Passed {
    Depth,
    Values,
}

/// Where a limit was passed (a byte offset), and which.
type Refused = (usize, Passed);

fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> Scanner<'a> {
    fn new(bytes: &'a [u8], limits: &Limits) -> Self {
        Scanner {
            bytes,
            max_depth: limits.depth,
            max_values: limits.values,
            values: 0,
            indents: Vec::new(),
            indentless: 0,
            flow: Vec::new(),
            pairs: 0,
            open: Open::Nothing,
        }
    }

    fn depth(&self) -> usize {
        self.indents.len() + self.indentless + self.flow.len() + self.pairs
    }

    fn deeper(&self, at: usize) -> Result<(), Refused> {
        if self.depth() > self.max_depth {
            Err((at, Passed::Depth))
        } else {
            Ok(())
        }
    }

    /// A scalar or a collection starts at byte `at`.
    fn value(&mut self, at: usize) -> Result<(), Refused> {
        self.values += 1;
        if self.values > self.max_values {
            Err((at, Passed::Values))
        } else {
            Ok(())
        }
    }

    /// The number of values, if no limit is passed.
    fn run(mut self) -> Result<usize, Refused> {
        let bytes = self.bytes;
        let mut start = if bytes.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
        while start <= bytes.len() {
            let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
            let mut line = &bytes[start..end];
            if let [head @ .., b'\r'] = line {
                line = head;
            }
            self.line(start, line)?;
            start = end + 1;
        }
        Ok(self.values)
    }

    /// One line, `base` its offset in the text.
    fn line(&mut self, base: usize, line: &[u8]) -> Result<(), Refused> {
        let indent = line.iter().take_while(|&&b| blank(b)).count();
        let rest = &line[indent..];
        let empty = rest.is_empty();
        let marker = indent == 0
            && (rest.starts_with(b"---") || rest.starts_with(b"..."))
            && rest.get(3).is_none_or(|&b| blank(b));
        match self.open {
            Open::Quoted(q) => return self.scan(base, line, 0, Some(q), false),
            Open::Block { .. } if !marker && empty => return Ok(()),
            Open::Block { parent, indent: None } if !marker && indent >= parent.map_or(1, |p| p + 1) => {
                self.open = Open::Block { parent, indent: Some(indent) };
                return Ok(());
            }
            Open::Block { indent: Some(at_least), .. } if !marker && indent >= at_least => return Ok(()),
            Open::Plain if !marker && self.flow.is_empty() => {
                if empty {
                    return Ok(());
                }
                if rest[0] == b'#' {
                    self.open = Open::Nothing;
                    return Ok(());
                }
                if self.indents.last().is_none_or(|top| indent > top.column) {
                    // A continuation of the plain scalar: its text, where a `key:` cannot start.
                    return self.scan(base, line, indent, None, false);
                }
            }
            _ => {}
        }
        self.open = Open::Nothing;
        if !self.flow.is_empty() {
            return self.scan(base, line, indent, None, true);
        }
        if empty || rest[0] == b'#' || (indent == 0 && rest[0] == b'%') {
            return Ok(());
        }
        if marker {
            // A new document (or its end): libyaml closes every block collection.
            self.indents.clear();
            self.indentless = 0;
            if rest.starts_with(b"...") {
                return Ok(());
            }
            return self.scan(base, line, 3, None, true);
        }
        while self.indents.last().is_some_and(|top| top.column > indent) {
            if self.indents.pop().is_some_and(|top| top.indentless) {
                self.indentless -= 1;
            }
        }
        let entry = rest[0] == b'-' && rest.get(1).is_none_or(|&b| blank(b));
        if let Some(top) = self.indents.last_mut() {
            if top.column == indent && top.indentless && !entry {
                top.indentless = false;
                self.indentless -= 1;
            }
        }
        self.scan(base, line, indent, None, true)
    }

    /// Scans `line` from `i`: `quote` continues a quoted scalar, `node` says a node may start here.
    fn scan(
        &mut self,
        base: usize,
        line: &[u8],
        mut i: usize,
        quote: Option<u8>,
        mut node: bool,
    ) -> Result<(), Refused> {
        // Where the node that may turn out to be a block mapping's key starts (same line only).
        let mut key: Option<usize> = None;
        // After a quoted scalar or a flow collection, `:` is a value indicator even without a space (in flow).
        let mut json = false;
        let mut after_blank = true;
        if let Some(q) = quote {
            match close_quote(line, 0, q) {
                Some(j) => {
                    i = j;
                    self.open = Open::Nothing;
                    node = false;
                    json = true;
                }
                None => return Ok(()),
            }
        }
        while i < line.len() {
            let c = line[i];
            if blank(c) {
                after_blank = true;
                i += 1;
                continue;
            }
            let was_blank = after_blank;
            after_blank = false;
            let blank_after = line.get(i + 1).is_none_or(|&b| blank(b));
            if c == b'#' && was_blank {
                if self.open == Open::Plain {
                    self.open = Open::Nothing;
                }
                return Ok(());
            }
            if node && (c == b'\'' || c == b'"') {
                key.get_or_insert(i);
                self.value(base + i)?;
                match close_quote(line, i + 1, c) {
                    Some(j) => {
                        i = j;
                        node = false;
                        json = true;
                        if self.flow.is_empty() {
                            self.open = Open::Nothing;
                        }
                        continue;
                    }
                    None => {
                        self.open = Open::Quoted(c);
                        return Ok(());
                    }
                }
            }
            if node && matches!(c, b'&' | b'!' | b'*') {
                // An anchor, a tag or an alias: one token, up to a blank (or a flow indicator in flow).
                key.get_or_insert(i);
                let in_flow = !self.flow.is_empty();
                while i < line.len() && !blank(line[i]) && !(in_flow && flow_indicator(line[i])) {
                    i += 1;
                }
                if c == b'*' {
                    self.value(base + i)?;
                    node = false;
                    json = false;
                }
                continue;
            }
            if self.flow.is_empty() {
                // Block context.
                if node {
                    match c {
                        b'-' if blank_after => {
                            self.block_entry(i, base + i)?;
                            i += 1;
                            continue;
                        }
                        b'?' if blank_after => {
                            self.block_key(i, base + i)?;
                            i += 1;
                            continue;
                        }
                        b':' if blank_after => {
                            // A value with no key (`: x`, after `? key`): libyaml opens a mapping here too.
                            self.block_key(i, base + i)?;
                            i += 1;
                            continue;
                        }
                        b'[' | b'{' => {
                            key.get_or_insert(i);
                            self.flow_open(c == b'{', base + i)?;
                            node = true;
                            json = false;
                            i += 1;
                            continue;
                        }
                        b'|' | b'>' => {
                            self.value(base + i)?;
                            let parent = self.indents.last().map(|top| top.column);
                            // `|2`: the content is indented exactly that much more than the collection.
                            let given = line[i + 1..]
                                .iter()
                                .take_while(|b| !blank(**b))
                                .find(|b| b.is_ascii_digit() && **b != b'0')
                                .map(|b| parent.unwrap_or(0) + usize::from(b - b'0'));
                            self.open = Open::Block { parent, indent: given };
                            return Ok(());
                        }
                        _ => {
                            key.get_or_insert(i);
                            self.value(base + i)?;
                            node = false;
                            self.open = Open::Plain;
                            i += 1;
                            continue;
                        }
                    }
                }
                if c == b':' && blank_after {
                    if let Some(k) = key.take() {
                        self.block_key(k, base + k)?;
                    }
                    self.open = Open::Nothing;
                    node = true;
                }
                i += 1;
                continue;
            }
            // Flow context: every bracket outside a scalar opens or closes a collection.
            match c {
                b'[' | b'{' => {
                    self.flow_open(c == b'{', base + i)?;
                    node = true;
                    json = false;
                }
                b']' | b'}' => {
                    if let Some(f) = self.flow.pop() {
                        if f.pair {
                            self.pairs -= 1;
                        }
                    }
                    node = false;
                    json = true;
                    if self.flow.is_empty() {
                        self.open = Open::Nothing;
                    }
                }
                b',' => {
                    self.close_pair();
                    node = true;
                    json = false;
                }
                b':' if blank_after || line.get(i + 1).is_some_and(|&b| flow_indicator(b)) || json => {
                    self.open_pair(base + i)?;
                    node = true;
                    json = false;
                }
                b'?' if node && blank_after => {
                    self.open_pair(base + i)?;
                }
                _ => {
                    if node {
                        self.value(base + i)?;
                    }
                    node = false;
                    json = false;
                }
            }
            i += 1;
        }
        Ok(())
    }

    /// `-` at `column` (byte `at`) in block context.
    fn block_entry(&mut self, column: usize, at: usize) -> Result<(), Refused> {
        match self.indents.last_mut() {
            // The same indentation as a mapping's keys: a sequence inside that mapping (`key:\n- a`).
            Some(top) if top.column >= column => {
                if top.column == column && !top.seq && !top.indentless {
                    top.indentless = true;
                    self.indentless += 1;
                    self.value(at)?;
                }
            }
            _ => {
                self.indents.push(Indent { column, seq: true, indentless: false });
                self.value(at)?;
            }
        }
        self.deeper(at)
    }

    /// A key at `column` (byte `at`) in block context: a new mapping if it is indented more than what is open.
    fn block_key(&mut self, column: usize, at: usize) -> Result<(), Refused> {
        if self.indents.last().is_none_or(|top| column > top.column) {
            self.indents.push(Indent { column, seq: false, indentless: false });
            self.value(at)?;
        }
        self.deeper(at)
    }

    fn flow_open(&mut self, map: bool, at: usize) -> Result<(), Refused> {
        self.flow.push(Flow { map, pair: false });
        self.value(at)?;
        self.deeper(at)
    }

    fn open_pair(&mut self, at: usize) -> Result<(), Refused> {
        if let Some(top) = self.flow.last_mut() {
            if !top.map && !top.pair {
                top.pair = true;
                self.pairs += 1;
            }
        }
        self.deeper(at)
    }

    fn close_pair(&mut self) {
        if let Some(top) = self.flow.last_mut() {
            if top.pair {
                top.pair = false;
                self.pairs -= 1;
            }
        }
    }
}

/// The index just past the quote `q` that closes a scalar whose text starts at `from`, if it closes on this line.
fn close_quote(line: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut i = from;
    while i < line.len() {
        match line[i] {
            b'\\' if q == b'"' => i += 2,
            b'\'' if q == b'\'' && line.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests;
