//! Ingesters: where the messages come from, cut into chunks of lines for the checkers.
//!
//! This slice reads NDJSON files (plain or gzip, recognised by their first two bytes) and
//! standard input (`-`). Every line is bounded ([`MAX_LINE`]); a longer one is skipped to its end
//! and handed on as [`Line::TooLong`] so the checker reports it with its line number. Gzip input
//! is bounded too: past [`GZIP_FREE`] decompressed bytes, a stream that expands more than
//! [`GZIP_RATIO`] times its compressed size is refused as a decompression bomb. Nothing here
//! parses JSON: a chunk is bytes and line boundaries. Other ingesters (a database table in
//! [`super::postgres`], an HTTP collector) produce the same [`Chunk`]s.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::rc::Rc;

/// The longest line read, in bytes (1 MiB): a longer line is reported as malformed and skipped.
pub const MAX_LINE: usize = 1 << 20;

/// Decompressed bytes of a gzip input read before the expansion ratio is enforced (64 MiB).
pub const GZIP_FREE: u64 = 64 << 20;

/// The most a gzip input may expand, decompressed bytes per compressed byte, past [`GZIP_FREE`].
pub const GZIP_RATIO: u64 = 200;

/// Lines per chunk handed to a checker.
pub(crate) const CHUNK_LINES: usize = 4096;

/// Bytes per chunk handed to a checker (a chunk ends at the first line past it).
pub(crate) const CHUNK_BYTES: usize = 1 << 20;

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file (plain or gzip).
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// Rows of a PostgreSQL table or query.
    Postgres(super::postgres::Source),
}

impl Input {
    /// How reports name the input: the path as given, `<stdin>` for standard input.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
            Input::Postgres(source) => source.name(),
        }
    }
}

/// One line of a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes are `data[start..end]` of the chunk.
    Text {
        /// First byte.
        start: u32,
        /// One past the last byte.
        end: u32,
    },
    /// The line was longer than [`MAX_LINE`] and was skipped.
    TooLong,
    /// The input could not be made into a message (a database row whose `properties` is not an
    /// object): `data[start..end]` says why, in UTF-8.
    Malformed {
        /// First byte of the reason.
        start: u32,
        /// One past its last byte.
        end: u32,
    },
}

/// Consecutive lines of one input.
#[derive(Debug, Default)]
pub struct Chunk {
    /// Index of the input in the run's input list.
    pub input: u32,
    /// The 1-based line number of the first line.
    pub first_line: u64,
    /// The lines' bytes, back to back.
    pub data: Vec<u8>,
    /// The lines, in order; blank lines are left out but counted in the numbering.
    pub lines: Vec<(u64, Line)>,
    /// Each line's row key (`id=42`, `row 7`), for inputs that have them (database rows); empty
    /// for files, whose lines are named by number.
    pub keys: Vec<String>,
}

/// Counts the compressed bytes read through it.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    // The gzip decoder reads through `fill_buf` and `consume`, which count; this is for
    // completeness.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Decompresses gzip, refusing streams that expand beyond the bound.
struct BoundedGzip<R: BufRead> {
    inner: flate2::bufread::MultiGzDecoder<Counting<R>>,
    compressed: Rc<Cell<u64>>,
    out: u64,
    free: u64,
    ratio: u64,
}

impl<R: BufRead> Read for BoundedGzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        if self.out > self.free && self.out > self.compressed.get().saturating_mul(self.ratio) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the gzip stream expands more than {} times its size (a decompression bomb?)",
                    self.ratio
                ),
            ));
        }
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.count.set(self.count.get() + amt as u64);
        self.inner.consume(amt);
    }
}

/// `reader`, decompressed when it starts with the gzip magic bytes; gzip is bounded by `free`
/// bytes and then `ratio` times its compressed size.
pub fn decode<'a>(
    mut reader: impl BufRead + 'a,
    free: u64,
    ratio: u64,
) -> io::Result<Box<dyn BufRead + 'a>> {
    let head = reader.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let count = Rc::new(Cell::new(0));
        let counting = Counting {
            inner: reader,
            count: count.clone(),
        };
        Ok(Box::new(BufReader::with_capacity(
            64 << 10,
            BoundedGzip {
                inner: flate2::bufread::MultiGzDecoder::new(counting),
                compressed: count,
                out: 0,
                free,
                ratio,
            },
        )))
    } else {
        Ok(Box::new(reader))
    }
}

/// Opens `input` for reading, decompressing gzip.
pub fn open(input: &Input) -> io::Result<Box<dyn BufRead>> {
    match input {
        Input::File(path) => {
            let file = std::fs::File::open(path)?;
            if file.metadata()?.is_dir() {
                return Err(io::Error::other("is a directory"));
            }
            decode(
                BufReader::with_capacity(256 << 10, file),
                GZIP_FREE,
                GZIP_RATIO,
            )
        }
        Input::Stdin => decode(
            BufReader::with_capacity(256 << 10, io::stdin()),
            GZIP_FREE,
            GZIP_RATIO,
        ),
        Input::Postgres(_) => Err(io::Error::other(
            "a database is read by `postgres::chunks`, not opened as a stream",
        )),
    }
}

/// Appends the next line of `reader` (without its line break) to `buf`, at most `max` bytes of
/// it. `Ok(None)` at the end of input; `Ok(Some(false))` when the line was longer than `max` (it
/// is consumed whole, and nothing of it is kept).
pub fn read_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<bool>> {
    let start = buf.len();
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i, Some(i + 1)),
            None => (available.len(), None),
        };
        if !too_long {
            if buf.len() - start + take > max {
                too_long = true;
                buf.truncate(start);
            } else {
                buf.extend_from_slice(&available[..take]);
            }
        }
        let consumed = done.unwrap_or(take);
        reader.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(false));
    }
    if buf.len() > start && buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(true))
}

/// Reads `reader` (input number `input`) to its end, handing chunks of lines to `send`. Stops
/// early, without error, when `send` returns `false` (the checkers are gone).
pub fn chunks(
    input: u32,
    reader: &mut dyn BufRead,
    max_line: usize,
    mut send: impl FnMut(Chunk) -> bool,
) -> io::Result<()> {
    let mut line_no = 0u64;
    let mut chunk = Chunk {
        input,
        first_line: 1,
        ..Chunk::default()
    };
    loop {
        let start = chunk.data.len();
        let Some(fits) = read_line(reader, &mut chunk.data, max_line)? else {
            break;
        };
        line_no += 1;
        if !fits {
            chunk.lines.push((line_no, Line::TooLong));
        } else if chunk.data[start..].iter().all(u8::is_ascii_whitespace) {
            chunk.data.truncate(start);
        } else {
            let end = chunk.data.len();
            chunk.lines.push((
                line_no,
                Line::Text {
                    start: start as u32,
                    end: end as u32,
                },
            ));
        }
        if chunk.lines.len() >= CHUNK_LINES || chunk.data.len() >= CHUNK_BYTES {
            let next = Chunk {
                input,
                first_line: line_no + 1,
                data: Vec::with_capacity(chunk.data.capacity()),
                lines: Vec::with_capacity(CHUNK_LINES),
                keys: Vec::new(),
            };
            if !send(std::mem::replace(&mut chunk, next)) {
                return Ok(());
            }
        }
    }
    if !chunk.lines.is_empty() {
        send(chunk);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn lines(text: &[u8], max: usize) -> Vec<(u64, Option<String>)> {
        let mut out = Vec::new();
        let mut reader: &[u8] = text;
        chunks(0, &mut reader, max, |c| {
            for (n, l) in &c.lines {
                out.push((
                    *n,
                    match l {
                        Line::Text { start, end } => Some(
                            String::from_utf8_lossy(&c.data[*start as usize..*end as usize])
                                .into_owned(),
                        ),
                        Line::TooLong | Line::Malformed { .. } => None,
                    },
                ));
            }
            true
        })
        .expect("reads from memory");
        out
    }

    #[test]
    fn long_lines_are_skipped_to_their_end_and_numbered() {
        let text = b"{\"a\":1}\r\n\n0123456789abc\n{\"b\":2}";
        assert_eq!(
            lines(text, 10),
            vec![
                (1, Some("{\"a\":1}".into())),
                (3, None),
                (4, Some("{\"b\":2}".into())),
            ]
        );
    }

    #[test]
    fn gzip_is_read_and_bombs_are_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&vec![b' '; 4 << 20]).expect("compresses");
        gz.write_all(b"\n{\"x\":1}\n").expect("compresses");
        let compressed = gz.finish().expect("compresses");
        let mut ok = decode(compressed.as_slice(), u64::MAX, 10).expect("gzip");
        let mut text = String::new();
        ok.read_to_string(&mut text).expect("decompresses");
        assert!(text.ends_with("{\"x\":1}\n"));
        let mut bounded = decode(compressed.as_slice(), 1 << 20, 10).expect("gzip");
        let err = bounded
            .read_to_string(&mut text)
            .expect_err("too much expansion");
        assert!(
            err.to_string().contains("expands more than 10 times"),
            "{err}"
        );
    }
}
