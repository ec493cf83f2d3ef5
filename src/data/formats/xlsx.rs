//! Excel `.xlsx` statistics, including SCB Statistikdatabasen exports: a title row, a blank
//! row, several header rows (year, variable, sex; merged cells), one row per area with the
//! code in an unnamed first column, and footnotes below. Plain sheets with one header row
//! work too. Column names join the header rows, the year last (`svensk bakgrund totalt 2022`).

use crate::data::table::{split_year, Column, Table};
use crate::error::{Error, Place, Result};
use calamine::{open_workbook_auto, Data, Reader, Xlsx};
use std::path::Path;

/// The most cells the used area of a sheet may span: a stray cell far out (XFD1048576) would
/// otherwise ask for the whole sheet's grid (17 billion cells).
const MAX_CELLS: u64 = 50_000_000;

/// Read the first sheet of a workbook into a table.
pub fn read(path: &Path) -> Result<Table> {
    let xlsx = path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_ascii_lowercase();
        e == "xlsx" || e == "xlsm"
    });
    if xlsx {
        return read_sparse(path);
    }
    let mut wb = open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(io) => Error::io(path, &io),
        other => Error::in_file(path, format!("not a readable Excel workbook: {other}")),
    })?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| Error::in_file(path, "the workbook has no sheets"))?
        .map_err(|e| Error::in_file(path, format!("cannot read the first sheet: {e}")))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows: Vec<Vec<Option<String>>> = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    from_rows(path, &rows, row0 as usize, col0 as usize)
}

/// An `.xlsx` sheet read cell by cell (never as the dense grid calamine builds), checked for its
/// extent before the table's grid is made. calamine panics on some malformed cell references
/// (a column of thirty letters overflows its arithmetic, found by fuzzing): that is an
/// unreadable workbook, not a crash.
fn read_sparse(path: &Path) -> Result<Table> {
    crate::work::guarded(|| read_cells(path)).unwrap_or_else(|| {
        Err(Error::in_file(
            path,
            "not a readable Excel workbook: a cell reference is malformed",
        ))
    })
}

fn read_cells(path: &Path) -> Result<Table> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).map_err(|e| match e {
        calamine::XlsxError::Io(io) => Error::io(path, &io),
        other => Error::in_file(path, format!("not a readable Excel workbook: {other}")),
    })?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| Error::in_file(path, "the workbook has no sheets"))?;
    let unreadable =
        |e: calamine::XlsxError| Error::in_file(path, format!("cannot read the first sheet: {e}"));
    let mut reader = wb.worksheet_cells_reader(&name).map_err(unreadable)?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        if let Some(t) = cell_text(&Data::from(cell.get_value().clone())) {
            cells.push((r, c, t));
        }
    }
    let Some(row0) = cells.iter().map(|c| c.0).min() else {
        return Err(Error::in_file(path, "the first sheet is empty"));
    };
    let col0 = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let last_row = cells.iter().map(|c| c.0).max().unwrap_or(row0);
    let last_col = cells.iter().map(|c| c.1).max().unwrap_or(col0);
    let (height, width) = ((last_row - row0 + 1) as u64, (last_col - col0 + 1) as u64);
    if height * width > MAX_CELLS {
        let far = cells
            .iter()
            .max_by_key(|c| (c.0 as u64 - row0 as u64) * (c.1 as u64 - col0 as u64 + 1))
            .map_or((last_row, last_col), |c| (c.0, c.1));
        return Err(Error::in_file(
            path,
            format!(
                "the first sheet's {} filled cells span {height} rows × {width} columns (more than {} million cells): is this cell a stray one?",
                cells.len(),
                MAX_CELLS / 1_000_000,
            ),
        )
        .at(Place::Cell(format!(
            "{}{}",
            col_letters(far.1 as usize),
            far.0 + 1
        ))));
    }
    let mut rows = vec![vec![None; width as usize]; height as usize];
    for (r, c, t) in cells {
        rows[(r - row0) as usize][(c - col0) as usize] = Some(t);
    }
    from_rows(path, &rows, row0 as usize, col0 as usize)
}

fn cell_text(d: &Data) -> Option<String> {
    match d {
        Data::Empty | Data::Error(_) => None,
        Data::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Data::Float(f) => Some(format!("{f}")),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(d) => Some(d.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
    }
}

/// Spreadsheet column letters: 0 → A, 26 → AA.
fn col_letters(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Build the table from a sheet's cells; `row0`/`col0` place them on the sheet for messages.
pub fn from_rows(
    path: &Path,
    rows: &[Vec<Option<String>>],
    row0: usize,
    col0: usize,
) -> Result<Table> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let filled = |r: &Vec<Option<String>>| r.iter().filter(|c| c.is_some()).count();
    let Some(first) = rows.iter().position(|r| filled(r) > 0) else {
        return Err(Error::in_file(path, "the first sheet is empty"));
    };
    let mut notes = Vec::new();
    // Plain sheet: the first non-empty row names every column.
    let plain = filled(&rows[first]) >= 2
        && rows[first]
            .iter()
            .flatten()
            .all(|c| c.trim().parse::<f64>().is_err() || split_year(&format!("x {c}")).is_some());
    let (headers, data_start): (Vec<&Vec<Option<String>>>, usize) =
        if plain && rows[first].first().is_some_and(Option::is_some) {
            (vec![&rows[first]], first + 1)
        } else {
            // SCB layout: title, then header rows with an empty first cell, then data.
            let title_only =
                filled(&rows[first]) == 1 && rows[first].first().is_some_and(Option::is_some);
            let mut i = if title_only {
                if let Some(Some(t)) = rows[first].first() {
                    notes.push(crate::data::read_note::ReadNote::Title(t.to_string()));
                }
                first + 1
            } else {
                first
            };
            let mut headers = Vec::new();
            while i < rows.len() {
                let r = &rows[i];
                if filled(r) == 0 {
                    i += 1;
                    continue;
                }
                if r.first().is_some_and(Option::is_some) {
                    break;
                }
                headers.push(r);
                i += 1;
            }
            (headers, i)
        };
    let names = header_names(&headers, width);
    let mut cells: Vec<Vec<Option<String>>> = vec![Vec::new(); width];
    let mut sheet_rows = Vec::new();
    let mut footnotes = 0;
    for (i, r) in rows.iter().enumerate().skip(data_start) {
        let key = r.first().cloned().flatten();
        let others = r.iter().skip(1).filter(|c| c.is_some()).count();
        if key.is_none() && others == 0 {
            continue;
        }
        if others == 0 {
            footnotes += 1; // a footnote or a source line below the data
            continue;
        }
        for (j, col) in cells.iter_mut().enumerate() {
            col.push(r.get(j).cloned().flatten());
        }
        sheet_rows.push(row0 + i + 1);
    }
    if footnotes > 0 {
        notes.push(crate::data::read_note::ReadNote::Footnotes(footnotes));
    }
    let mut columns = Vec::with_capacity(width);
    for (j, (name, col)) in names.iter().zip(cells).enumerate() {
        let letters = col_letters(col0 + j);
        let place = |row: usize| Place::Cell(format!("{letters}{}", sheet_rows[row]));
        let cells: Vec<Option<&str>> = col.iter().map(Option::as_deref).collect();
        columns.push(Column::infer(name, &cells, place).map_err(|e| e.with_file(path))?);
    }
    let mut table = Table::new(columns).map_err(|e| e.with_file(path))?;
    table.notes = notes;
    table.row_places = sheet_rows.into_iter().map(Place::Row).collect();
    Ok(table)
}

/// Column names from one or more header rows: merged cells fill to the right; the year goes last.
fn header_names(headers: &[&Vec<Option<String>>], width: usize) -> Vec<String> {
    let mut parts: Vec<Vec<String>> = vec![Vec::new(); width];
    for h in headers {
        let mut carry: Option<&String> = None;
        for (j, part) in parts.iter_mut().enumerate() {
            let cell = h.get(j).and_then(Option::as_ref);
            if j == 0 {
                if let Some(c) = cell {
                    part.push(c.trim().to_string());
                }
                continue;
            }
            if cell.is_some() {
                carry = cell;
            }
            if let Some(c) = carry {
                part.push(c.trim().to_string());
            }
        }
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(j, p)| {
            let (years, words): (Vec<String>, Vec<String>) = p.into_iter().partition(|w| {
                w.len() == 4 && w.parse::<i32>().is_ok_and(|y| (1800..=2200).contains(&y))
            });
            let mut name = words.join(" ");
            if let Some(y) = years.first() {
                name = if name.is_empty() {
                    y.clone()
                } else {
                    format!("{name} {y}")
                };
            }
            match (name.is_empty(), j) {
                (false, _) => name,
                (true, 0) => "region".into(),
                (true, _) => format!("column_{}", j + 1),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<Option<String>> {
        cells
            .iter()
            .map(|c| (!c.is_empty()).then(|| c.to_string()))
            .collect()
    }

    #[test]
    fn scb_layout_with_merged_headers_and_footnotes() {
        let rows = vec![
            row(&["Folkmängden per region", "", "", ""]),
            row(&["", "", "", ""]),
            row(&["", "2022", "", ""]),
            row(&["", "svensk bakgrund", "utländsk bakgrund", "totalt"]),
            row(&["0114A0010", "669", "194", "863"]),
            row(&["0114C1010", "..", "429", "1562"]),
            row(&["Källa: SCB", "", "", ""]),
        ];
        let t = from_rows(Path::new("s.xlsx"), &rows, 0, 0).unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "region",
                "svensk bakgrund 2022",
                "utländsk bakgrund 2022",
                "totalt 2022"
            ]
        );
        assert_eq!(
            t.numbers("svensk bakgrund 2022").unwrap(),
            &[Some(669.0), None]
        );
        assert!(t.notes.iter().any(|n| n.to_string().contains("1 footnote")));
    }

    #[test]
    fn plain_sheet_and_cell_errors() {
        let rows = vec![
            row(&["deso", "v"]),
            row(&["a", "1"]),
            row(&["b", "2"]),
            row(&["c", "3"]),
            row(&["d", "x"]),
        ];
        let e = from_rows(Path::new("p.xlsx"), &rows, 0, 0).unwrap_err();
        assert_eq!(e.place, Some(Place::Cell("B5".into())));
        assert_eq!(col_letters(27), "AB");
    }
}
