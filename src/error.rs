//! Errors as values with context: which file, which place in it (feature, line, column),
//! and one sentence a person can act on.
//!
//! Every reader returns [`Error`]; the CLI prints it on stderr and exits with
//! [`Error::exit_code`], the app shows it in a panel and keeps running. Nothing here panics.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Feature number, counted from 1 as people count.
    Feature(usize),
    /// Line (from 1), with an optional column (from 1) or column name.
    Line { line: usize, column: Option<String> },
    /// A spreadsheet cell such as `B12`.
    Cell(String),
    /// A spreadsheet row, counted from 1.
    Row(usize),
    /// A named field or column.
    Field(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Feature(n) => write!(f, "feature {n}"),
            Place::Line { line, column: None } => write!(f, "line {line}"),
            Place::Line {
                line,
                column: Some(c),
            } => write!(f, "line {line}, column {c}"),
            Place::Cell(c) => write!(f, "cell {c}"),
            Place::Row(r) => write!(f, "row {r}"),
            Place::Field(name) => write!(f, "field '{name}'"),
        }
    }
}

/// What kind of failure: decides the CLI's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is wrong: malformed file, unknown column, bad expression, missing file (exit 2).
    BadInput,
    /// Writing output failed (exit 1).
    Output,
    /// The work was cancelled (Ctrl-C in the CLI: exit 130, as shells expect).
    Cancelled,
}

/// An error with the file and place it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub file: Option<PathBuf>,
    pub place: Option<Place>,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Bad input with no file attached yet.
    pub fn input(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::BadInput,
            file: None,
            place: None,
            message: message.into(),
        }
    }

    /// Bad input in a given file.
    pub fn in_file(file: &Path, message: impl Into<String>) -> Self {
        Error::input(message).with_file(file)
    }

    /// Failure writing output.
    pub fn output(file: &Path, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Output,
            ..Error::in_file(file, message)
        }
    }

    /// The work was cancelled before it finished; nothing was written.
    pub fn cancelled() -> Self {
        Error {
            kind: ErrorKind::Cancelled,
            file: None,
            place: None,
            message: "interrupted: the work stopped and nothing was written".into(),
        }
    }

    /// Attach the file, unless one is already known.
    pub fn with_file(mut self, file: &Path) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_path_buf());
        }
        self
    }

    /// Attach the place, unless one is already known.
    pub fn at(mut self, place: Place) -> Self {
        if self.place.is_none() {
            self.place = Some(place);
        }
        self
    }

    /// The CLI's exit code: 2 for bad input, 1 for failures writing output.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::BadInput => 2,
            ErrorKind::Output => 1,
            ErrorKind::Cancelled => 130,
        }
    }

    /// Reading a file failed at the operating-system level.
    pub fn io(file: &Path, err: &std::io::Error) -> Self {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => format!("cannot read: {err}"),
        };
        Error::in_file(file, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        if let Some(place) = &self.place {
            write!(f, "{place}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_file_and_place() {
        let e = Error::in_file(Path::new("a.csv"), "text 'x' in numeric column").at(Place::Line {
            line: 4,
            column: Some("folkmangd".into()),
        });
        assert_eq!(
            e.to_string(),
            "a.csv: line 4, column folkmangd: text 'x' in numeric column"
        );
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn first_place_wins() {
        let e = Error::input("bad")
            .at(Place::Feature(3))
            .at(Place::Feature(9));
        assert_eq!(e.place, Some(Place::Feature(3)));
    }
}
