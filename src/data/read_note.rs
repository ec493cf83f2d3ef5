//! What a person should know about how a table was read — a title row taken off, footnotes
//! skipped, an encoding other than UTF-8, a column not read, a long table pivoted — typed, so
//! the CLI prints it in English (and its JSON keeps those sentences) and the app in the UI's
//! language.

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub enum ReadNote {
    /// The sheet's title row (SCB's exports start with one).
    Title(String),
    /// Lines under the data (footnotes, the source) skipped.
    Footnotes(usize),
    /// The text encoding the file was read as.
    Encoding(String),
    /// A column of a type that was not read.
    NotRead { column: String, kind: String },
    /// SCB's long table pivoted to one row per key: the categories that became columns, and
    /// the rows before and after.
    Pivoted {
        key: String,
        categories: Vec<String>,
        rows: usize,
        to: usize,
    },
    /// Joined columns the layer already had with other values, under new names ("'a' → 'a_2'").
    Renamed(Vec<String>),
    /// Joined columns the layer already had with the same values, not added again.
    Repeated(Vec<String>),
    /// Unmatched codes of the same form on both sides: boundaries and statistics of different
    /// versions (an example of each).
    Versions {
        areas: usize,
        rows: usize,
        area: String,
        row: String,
    },
}

impl ReadNote {
    /// The note in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let sv = lang.is_swedish();
        match self {
            ReadNote::Title(t) if sv => format!("rubrik: {t}"),
            ReadNote::Title(t) => format!("title: {t}"),
            ReadNote::Footnotes(n) if sv => {
                format!("{n} rader med fotnoter under datat hoppades över")
            }
            ReadNote::Footnotes(n) => format!("{n} footnote lines below the data were skipped"),
            ReadNote::Encoding(e) if sv => format!("läst som {e}"),
            ReadNote::Encoding(e) => format!("read as {e}"),
            ReadNote::NotRead { column, kind } if sv => {
                format!("kolumnen '{column}' av typen {kind} lästes inte")
            }
            ReadNote::NotRead { column, kind } => {
                format!("column '{column}' of type {kind} was not read")
            }
            ReadNote::Pivoted {
                key,
                categories,
                rows,
                to,
            } if sv => format!(
                "lång tabell vänd till en rad per {key}: kategorierna {} blev kolumner ({rows} rader → {to})",
                categories.join(", ")
            ),
            ReadNote::Pivoted {
                key,
                categories,
                rows,
                to,
            } => format!(
                "long table pivoted to one row per {key}: categories {} became columns ({rows} rows → {to})",
                categories.join(", ")
            ),
            ReadNote::Renamed(r) if sv => format!(
                "tabellen har kolumner som lagret redan har, med andra värden: kopplade under nya namn {}",
                r.join(", ")
            ),
            ReadNote::Renamed(r) => format!(
                "the table has columns the layer already has, with other values: joined under new names {}",
                r.join(", ")
            ),
            ReadNote::Repeated(r) if sv => format!(
                "kolumner som redan finns i lagret med samma värden lades inte till igen: {}",
                r.join(", ")
            ),
            ReadNote::Repeated(r) => format!(
                "columns already in the layer with the same values were not added again: {}",
                r.join(", ")
            ),
            ReadNote::Versions { areas, rows, area, row } if sv => format!(
                "{areas} områden och {rows} rader har koder av samma form som inte matchar (t.ex. {area} i lagret, {row} i tabellen): gränserna och statistiken kan vara olika versioner (DeSO 2018 och DeSO 2025 har olika koder). Använd gränser från statistikens år eller koppla genom SCB:s kopplingstabell."
            ),
            ReadNote::Versions { areas, rows, area, row } => format!(
                "{areas} areas and {rows} rows have codes of the same form that do not match (e.g. {area} in the layer, {row} in the table): the boundaries and the statistics may be different versions (DeSO 2018 and DeSO 2025 use different codes). Use boundaries of the statistics' vintage or join through SCB's link table."
            ),
        }
    }
}

impl std::fmt::Display for ReadNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// In JSON the English sentence, as before the notes were typed.
impl serde::Serialize for ReadNote {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_read_in_either_language_and_serialise_as_english() {
        let n = ReadNote::Footnotes(58);
        assert_eq!(
            n.text(Lang::Sv),
            "58 rader med fotnoter under datat hoppades över"
        );
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            "\"58 footnote lines below the data were skipped\""
        );
    }
}
