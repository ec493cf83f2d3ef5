//! The files a run has read, so that nothing it writes can replace one of them: every reader
//! registers its file ([`register`]) and every writer asks [`guard`] first. Files are compared
//! by canonical path and by file identity (device and inode), so another spelling of the path,
//! a symbolic link or a hard link to an input is refused too.
//!
//! Tracking is switched on by the CLI and the app ([`track`]); the library's own unit tests,
//! which write and read their files freely, leave it off.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

static TRACKING: AtomicBool = AtomicBool::new(false);

/// Who a file is: where it is, and (on Unix) which file it is whatever it is called.
#[derive(Debug, Clone, PartialEq)]
struct Identity {
    path: PathBuf,
    file: Option<(u64, u64)>,
}

impl Identity {
    fn of(path: &Path) -> Identity {
        Identity {
            path: canonical(path),
            file: file_id(path),
        }
    }

    fn same(&self, other: &Identity) -> bool {
        self.path == other.path || (self.file.is_some() && self.file == other.file)
    }
}

/// The canonical path; for a file that does not exist yet, its folder's canonical path and
/// its name.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// Start remembering the files read (the CLI and the app call this once).
pub fn track() {
    TRACKING.store(true, Ordering::SeqCst);
}

/// The files read, by identity.
struct Registry {
    inputs: Mutex<Vec<Identity>>,
}

impl Registry {
    const fn new() -> Registry {
        Registry {
            inputs: Mutex::new(Vec::new()),
        }
    }

    fn register(&self, path: &Path) {
        let mut ids = vec![Identity::of(path)];
        let is_shp = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("shp"));
        if is_shp {
            for ext in ["dbf", "shx", "prj", "cpg"] {
                ids.push(Identity::of(&path.with_extension(ext)));
            }
        }
        if let Ok(mut inputs) = self.inputs.lock() {
            for id in ids {
                if !inputs.contains(&id) {
                    inputs.push(id);
                }
            }
        }
    }

    fn guard(&self, out: &Path) -> Result<()> {
        let target = Identity::of(out);
        let hit = self
            .inputs
            .lock()
            .map(|inputs| inputs.iter().any(|i| i.same(&target)))
            .unwrap_or(false);
        if hit {
            return Err(Error::in_file(
                out,
                "is a file this command reads: refusing to overwrite an input file; choose another output name",
            ));
        }
        Ok(())
    }
}

static INPUTS: Registry = Registry::new();

/// Remember that `path` was read (with a shapefile's sidecar files).
pub fn register(path: &Path) {
    if TRACKING.load(Ordering::SeqCst) {
        INPUTS.register(path);
    }
}

/// Refuse to write `out` when it is a file this run has read.
pub fn guard(out: &Path) -> Result<()> {
    if TRACKING.load(Ordering::SeqCst) {
        INPUTS.guard(out)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_refused_under_any_name() {
        // A registry of its own: switching the process's tracking on would refuse other
        // tests' round trips.
        let inputs = Registry::new();
        let register = |p: &Path| inputs.register(p);
        let guard = |p: &Path| inputs.guard(p);
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("stats.csv");
        std::fs::write(&input, "a\n1\n").unwrap();
        register(&input);
        assert!(guard(&input).is_err());
        // Another spelling, a symbolic and a hard link.
        let other = dir.path().join(".").join("stats.csv");
        assert!(guard(&other).is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(guard(&link).is_err());
            let hard = dir.path().join("hard.csv");
            std::fs::hard_link(&input, &hard).unwrap();
            assert!(guard(&hard).is_err());
        }
        // A new file beside it is fine.
        assert!(guard(&dir.path().join("out.csv")).is_ok());
    }
}
