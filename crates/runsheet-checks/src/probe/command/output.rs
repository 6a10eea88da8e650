//! Reading a program's output without keeping more than a limit and without waiting forever.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::watch;

/// What was read from one stream.
#[derive(Debug, Default)]
pub(super) struct Captured {
    /// The first bytes, up to the limit.
    pub(super) kept: Vec<u8>,
    /// Every byte read, kept or not.
    pub(super) total: u64,
    /// The stream was still open `grace` after the program ended (a process outside its group holds it).
    pub(super) left_open: bool,
}

impl Captured {
    /// The kept bytes as text; invalid UTF-8 is replaced, and a character cut by the limit is dropped.
    pub(super) fn text(&self) -> String {
        lossy_prefix(&self.kept, self.kept.len())
    }

    /// At most `max` bytes of the kept text, with a note when there was more.
    pub(super) fn excerpt(&self, max: usize) -> String {
        let text = lossy_prefix(&self.kept, max);
        if (self.kept.len() as u64) < self.total || self.kept.len() > max {
            format!("{text}… ({} bytes in all)", self.total)
        } else {
            text
        }
    }
}

fn lossy_prefix(bytes: &[u8], max: usize) -> String {
    let mut end = max.min(bytes.len());
    // If the cut split a character, end before it: find its lead byte (at most 3 continuation bytes back).
    let mut i = end;
    while i > 0 && end - i < 3 && bytes[i - 1] & 0xC0 == 0x80 {
        i -= 1;
    }
    if i > 0 {
        let lead = i - 1;
        let len = match bytes[lead] {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        if lead + len > end {
            end = lead;
        }
    }
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// Reads `stream` to its end, keeping the first `cap` bytes and dropping the rest, so the writer never blocks on
/// a full pipe. Stops `grace` after `ended` turns true if the stream is still open by then.
pub(super) async fn read_capped<R: AsyncRead + Unpin>(
    mut stream: R,
    cap: usize,
    mut ended: watch::Receiver<bool>,
    grace: Duration,
) -> Captured {
    let mut captured = Captured::default();
    let mut chunk = vec![0u8; 16 * 1024];
    let closing = async move {
        let _ = ended.wait_for(|ended| *ended).await;
        tokio::time::sleep(grace).await;
    };
    tokio::pin!(closing);
    loop {
        tokio::select! {
            read = stream.read(&mut chunk) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = cap.saturating_sub(captured.kept.len());
                    captured.kept.extend_from_slice(&chunk[..n.min(room)]);
                    captured.total += n as u64;
                }
            },
            _ = &mut closing => {
                captured.left_open = true;
                break;
            }
        }
    }
    captured
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_cut_by_the_limit_is_dropped_not_mangled() {
        let captured = Captured { kept: "aé".as_bytes()[..2].to_vec(), total: 3, left_open: false };
        assert_eq!(captured.text(), "a");
        let whole = Captured { kept: "aé".as_bytes().to_vec(), total: 3, left_open: false };
        assert_eq!(whole.text(), "aé");
        assert_eq!(whole.excerpt(2), "a… (3 bytes in all)");
    }

    #[tokio::test]
    async fn keeps_the_first_bytes_and_counts_the_rest() {
        let data = vec![b'x'; 100_000];
        let (_tx, rx) = watch::channel(false);
        let captured = read_capped(&data[..], 10, rx, Duration::from_millis(10)).await;
        assert_eq!(captured.kept, b"xxxxxxxxxx");
        assert_eq!(captured.total, 100_000);
        assert!(!captured.left_open);
    }
}
