//! Delimited text statistics as Swedish users have them: `,` `;` or tab separators, decimal
//! comma, UTF-8 (with or without BOM) or Windows-1252, CRLF and blank lines. SCB's missing
//! markers stay missing. Errors name the line and the column.

use crate::data::table::{Column, Table};
use crate::error::{Error, Place, Result};
use std::path::Path;

/// Read a CSV/TSV file into a table.
pub fn read(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    parse(path, &bytes)
}

/// Decode text: UTF-8 (a BOM is dropped) or, when that fails, Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            (s.into_owned(), "Windows-1252")
        }
    }
}

/// The separator used on the header line: the most frequent of `;`, tab and `,` outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// Parse CSV bytes read from `path`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Table> {
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(Error::in_file(path, "the file is empty"));
    }
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = loop {
        match records.next() {
            None => return Err(Error::in_file(path, "the file has no header line")),
            Some(r) => {
                let r = r.map_err(|e| csv_error(path, &e))?;
                if r.iter().any(|f| !f.trim().is_empty()) {
                    break r;
                }
            }
        }
    };
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| column_name(i, h))
        .collect();
    // An odd number of quote characters (an escaped "" counts two) is a quote left open: the
    // reader would take every line after it as one cell. SCB's quoted multi-line footnotes
    // close theirs.
    let unclosed = text.bytes().filter(|b| *b == b'"').count() % 2 == 1;
    let mut rows: Vec<(usize, csv::StringRecord)> = Vec::new();
    for (i, r) in records.enumerate() {
        let r = r.map_err(|e| csv_error(path, &e))?;
        let line = r.position().map_or(0, |p| p.line() as usize);
        let at = r.position().map_or(0, |p| p.byte() as usize);
        crate::work::step(i, || 0.1 + 0.4 * at as f32 / text.len().max(1) as f32)?;
        if r.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let multi_line = r.iter().position(|f| f.contains(['\n', '\r']));
        if let (true, Some(i)) = (unclosed, multi_line) {
            return Err(Error::in_file(
                path,
                format!(
                    "a quote opened in field {} is not closed: the lines after it would become one cell",
                    i + 1
                ),
            )
            .at(Place::Line { line, column: names.get(i).cloned() }));
        }
        if r.len() > names.len() && r.iter().skip(names.len()).any(|f| !f.trim().is_empty()) {
            return Err(Error::in_file(
                path,
                format!("{} fields where the header has {}", r.len(), names.len()),
            )
            .at(Place::Line { line, column: None }));
        }
        rows.push((line, r));
    }
    // Lines below the data with text in the first field only are footnotes (SCB adds them).
    let last_data = rows
        .iter()
        .rposition(|(_, r)| r.iter().skip(1).any(|f| !f.trim().is_empty()));
    let footnotes = match (last_data, names.len()) {
        (Some(last), 2..) => rows.len() - last - 1,
        _ => 0,
    };
    rows.truncate(rows.len() - footnotes);
    let lines: Vec<usize> = rows.iter().map(|(l, _)| *l).collect();
    let mut columns = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let cells: Vec<Option<&str>> = rows.iter().map(|(_, r)| r.get(i)).collect();
        let place = |row: usize| Place::Line {
            line: lines[row],
            column: Some(name.clone()),
        };
        columns.push(Column::infer(name, &cells, place).map_err(|e| e.with_file(path))?);
    }
    let mut table = Table::new(columns).map_err(|e| e.with_file(path))?;
    table.row_places = lines
        .iter()
        .map(|&line| Place::Line { line, column: None })
        .collect();
    if encoding != "UTF-8" {
        table.notes.push(crate::data::read_note::ReadNote::Encoding(
            encoding.to_string(),
        ));
    }
    if footnotes > 0 {
        table
            .notes
            .push(crate::data::read_note::ReadNote::Footnotes(footnotes));
    }
    Ok(table)
}

/// A header cell as a column name; an unnamed first column is SCB's region column.
fn column_name(i: usize, h: &str) -> String {
    let h = h.trim();
    match (h.is_empty(), i) {
        (false, _) => h.to_string(),
        (true, 0) => "region".to_string(),
        (true, _) => format!("column_{}", i + 1),
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line() as usize);
    Error::in_file(path, format!("cannot read CSV: {e}")).at(Place::Line { line, column: None })
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_unclosed_quote_is_refused_at_its_line() {
        let text = "deso,antal\n0114A0010,5\n\"0114A0020,7\n0114A0030,9\n0114A0040,11\n";
        let e = parse(std::path::Path::new("q.csv"), text.as_bytes()).unwrap_err();
        assert!(e.message.contains("not closed"), "{e}");
        assert_eq!(
            e.place,
            Some(Place::Line {
                line: 3,
                column: Some("deso".into())
            }),
            "{e}"
        );
    }

    use super::*;
    use crate::data::table::Values;

    fn p(s: &[u8]) -> Result<Table> {
        parse(Path::new("t.csv"), s)
    }

    #[test]
    fn semicolon_decimal_comma_and_markers() {
        let t = p(b"kod;andel;antal\r\n0180;12,5;..\r\n\r\n0114;3,25;7\r\n").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.numbers("andel").unwrap(), &[Some(12.5), Some(3.25)]);
        assert_eq!(t.numbers("antal").unwrap(), &[None, Some(7.0)]);
        assert_eq!(t.column("kod").unwrap().key_at(0).as_deref(), Some("0180"));
    }

    #[test]
    fn windows_1252_and_bom_are_detected() {
        let t = p(b"namn,v\nV\xe4ster\xe5s,1\nG\xe4vle,2\n").unwrap();
        assert_eq!(
            t.column("namn").unwrap().key_at(0).as_deref(),
            Some("Västerås")
        );
        assert!(t.notes[0].to_string().contains("1252"));
        let t = p("\u{feff}namn\tv\nÖrebro\t1\n".as_bytes()).unwrap();
        assert_eq!(t.columns[0].name, "namn");
    }

    #[test]
    fn doubled_carriage_returns_and_unnamed_first_column() {
        let t = p(b"\xEF\xBB\xBF,2022\r\r\nA (B),4\r\r\nC (D),5\r\r\n").unwrap();
        assert_eq!(t.columns[0].name, "region");
        assert_eq!(t.len(), 2);
        assert_eq!(
            t.columns[1].values,
            Values::Number(vec![Some(4.0), Some(5.0)])
        );
    }

    #[test]
    fn text_in_numeric_column_names_line_and_column() {
        let e = p(b"k,v\na,1\nb,2\nc,3\nd,fyra\ne,5\n").unwrap_err();
        assert_eq!(e.to_string(), "t.csv: line 5, column v: text 'fyra' in numeric column 'v' (write a number, or leave it empty or '..' for a missing value)");
    }

    #[test]
    fn footnotes_below_the_data_are_skipped_and_noted() {
        let t = p(b"region,2022\nA (B),4\nC (D),..\n,\nK\xc3\xa4lla: SCB,\nDatabas:,\n").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.numbers("2022").unwrap(), &[Some(4.0), None]);
        assert!(t.notes.iter().any(|n| n.to_string().contains("2 footnote")));
    }

    #[test]
    fn extra_fields_are_an_error() {
        let e = p(b"a,b\n1,2\n3,4,5\n").unwrap_err();
        assert_eq!(
            e.place,
            Some(Place::Line {
                line: 3,
                column: None
            })
        );
    }
}
