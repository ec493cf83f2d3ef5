//! A check of a Parquet file's footer before polars reads it: the file metadata is Thrift
//! (compact protocol), and polars-parquet trusts the sizes it declares — a crafted list length
//! made it allocate 2^61 bytes and abort (found by fuzzing). This walks the metadata without
//! building anything and refuses a size larger than the bytes that remain, or nesting deeper
//! than any real file has. [`check_pages`] does the same for the header of every page of every
//! column chunk, which polars-parquet reads as `i32 as usize`: a negative count of values made it
//! reserve 2^61 bytes for a validity bitmap and abort (also found by fuzzing).

/// Why the footer cannot be the metadata of a Parquet file, if it cannot.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let n = bytes.len();
    if n < 12 || &bytes[n - 4..] != b"PAR1" {
        return Err("it does not end as a Parquet file does (PAR1)".into());
    }
    let len = u32::from_le_bytes([bytes[n - 8], bytes[n - 7], bytes[n - 6], bytes[n - 5]]) as usize;
    if len > n - 8 {
        return Err("its metadata is longer than the file".into());
    }
    let mut r = Reader {
        b: &bytes[n - 8 - len..n - 8],
        pos: 0,
    };
    r.structure(0)
}

/// Why the pages of the column chunks (`(byte range, values declared in the metadata)`) cannot be
/// read, if they cannot: a page header that is not Thrift, a page running past its chunk, or a
/// count of values, nulls, rows or bytes that is negative or larger than its chunk's.
pub fn check_pages(bytes: &[u8], chunks: &[(std::ops::Range<u64>, i64)]) -> Result<(), String> {
    for (range, values) in chunks {
        let end = usize::try_from(range.end)
            .ok()
            .filter(|&e| e <= bytes.len());
        let (Some(end), Ok(start)) = (end, usize::try_from(range.start)) else {
            return Err("a column's pages lie beyond the end of the file".into());
        };
        if start > end {
            return Err("a column's pages lie beyond the end of the file".into());
        }
        let mut r = Reader {
            b: &bytes[start..end],
            pos: 0,
        };
        while r.pos < r.b.len() {
            let page = r.page_header()?;
            let most = (*values).max(0);
            let bad =
                page.counts.iter().any(|&c| c < 0 || c > most) || page.sizes.iter().any(|&s| s < 0);
            if bad {
                return Err("a page declares a negative or impossible count of values".into());
            }
            r.skip(page.compressed as u64)?;
        }
    }
    Ok(())
}

/// What a page header declares: its compressed size, its counts of values, nulls and rows, and
/// its other byte lengths.
#[derive(Default)]
struct PageHeader {
    compressed: i64,
    counts: Vec<i64>,
    sizes: Vec<i64>,
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

const MALFORMED: &str = "its metadata is malformed";

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let v = *self.b.get(self.pos).ok_or(MALFORMED)?;
        self.pos += 1;
        Ok(v)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            if shift < 64 {
                v |= u64::from(b & 0x7f) << shift;
            }
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(MALFORMED.into())
    }

    fn skip(&mut self, k: u64) -> Result<(), String> {
        let left = (self.b.len() - self.pos) as u64;
        if k > left {
            return Err(MALFORMED.into());
        }
        self.pos += k as usize;
        Ok(())
    }

    /// A size that must fit in the bytes left (each element takes at least one).
    fn size(&mut self) -> Result<u64, String> {
        let k = self.varint()?;
        if k > (self.b.len() - self.pos) as u64 {
            return Err(MALFORMED.into());
        }
        Ok(k)
    }

    fn value(&mut self, kind: u8, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err(MALFORMED.into());
        }
        match kind {
            1 | 2 => Ok(()),
            3 => self.skip(1),
            4..=6 => self.varint().map(|_| ()),
            7 => self.skip(8),
            8 => {
                let k = self.varint()?;
                self.skip(k)
            }
            9 | 10 => {
                let h = self.byte()?;
                let elem = h & 0x0f;
                let k = if h >> 4 == 15 {
                    self.size()?
                } else {
                    u64::from(h >> 4)
                };
                for _ in 0..k {
                    // A bool inside a list takes a byte.
                    if elem == 1 || elem == 2 {
                        self.skip(1)?;
                    } else {
                        self.value(elem, depth + 1)?;
                    }
                }
                Ok(())
            }
            11 => {
                let k = self.size()?;
                if k == 0 {
                    return Ok(());
                }
                let types = self.byte()?;
                for _ in 0..k {
                    self.value(types >> 4, depth + 1)?;
                    self.value(types & 0x0f, depth + 1)?;
                }
                Ok(())
            }
            12 => self.structure(depth + 1),
            _ => Err(MALFORMED.into()),
        }
    }

    /// A zigzag-encoded i32 or i64.
    fn int(&mut self) -> Result<i64, String> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// The field header of the next field of a struct: `None` at its end, else (id, type).
    fn field(&mut self, last: i16) -> Result<Option<(i16, u8)>, String> {
        let h = self.byte()?;
        if h == 0 {
            return Ok(None);
        }
        let id = if h >> 4 == 0 {
            i16::try_from(self.int()?).map_err(|_| MALFORMED.to_string())?
        } else {
            last.saturating_add(i16::from(h >> 4))
        };
        Ok(Some((id, h & 0x0f)))
    }

    /// A `PageHeader`: field 3 is the compressed size; fields 5, 7 and 8 are the data page,
    /// dictionary page and data page v2 headers, whose first fields are counts (values, nulls,
    /// rows) and v2's fields 5 and 6 the byte lengths of the levels.
    fn page_header(&mut self) -> Result<PageHeader, String> {
        let mut page = PageHeader {
            compressed: -1,
            ..PageHeader::default()
        };
        let mut last = 0;
        while let Some((id, kind)) = self.field(last)? {
            last = id;
            match (id, kind) {
                (2, 5) => page.sizes.push(self.int()?),
                (3, 5) => page.compressed = self.int()?,
                (5 | 7 | 8, 12) => {
                    let mut inner = 0;
                    while let Some((f, k)) = self.field(inner)? {
                        inner = f;
                        match (id, f, k) {
                            (_, 1, 5) | (8, 2 | 3, 5) => page.counts.push(self.int()?),
                            (8, 5 | 6, 5) => page.sizes.push(self.int()?),
                            _ => self.value(k, 1)?,
                        }
                    }
                }
                _ => self.value(kind, 0)?,
            }
        }
        if page.compressed < 0 {
            return Err("a page header has no size".into());
        }
        Ok(page)
    }

    fn structure(&mut self, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err(MALFORMED.into());
        }
        loop {
            let h = self.byte()?;
            if h == 0 {
                return Ok(());
            }
            if h >> 4 == 0 {
                // A long-form field id (zigzag i16).
                self.varint()?;
            }
            self.value(h & 0x0f, depth)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_footer_passes_and_crafted_sizes_do_not() {
        use polars::prelude::*;
        let mut df = df!("deso" => ["0114A0010", "0114A0020"], "v" => [1.5, 2.5]).unwrap();
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        assert_eq!(check(&buf), Ok(()));
        assert!(check(&buf[..buf.len() - 1]).is_err());
        // A list claiming 2^60 elements in a tiny footer.
        let mut crafted = b"PAR1".to_vec();
        let meta = [
            0x19u8, 0xfc, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00,
        ];
        crafted.extend_from_slice(&meta);
        crafted.extend_from_slice(&(meta.len() as u32).to_le_bytes());
        crafted.extend_from_slice(b"PAR1");
        assert!(check(&crafted).unwrap_err().contains("malformed"));
    }
}
