//! Reading files as Markdown text, and what is said of a file that cannot be.

use std::path::{Path, PathBuf};

/// A file that could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Reads a file as UTF-8 text, with a clear reason when it cannot be.
pub fn read_markdown(path: &Path) -> Result<String, FileError> {
    let error = |message: String| FileError {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| error(io_reason(&e)))?;
    decode(bytes).map_err(error)
}

/// Bytes to text: binary files and invalid UTF-8 are refused with the line of the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    // memchr's SIMD search: the slice's own `contains` goes a byte at a time.
    if memchr::memchr(0, &bytes).is_some() {
        return Err("looks like a binary file (it contains NUL bytes), not Markdown".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not valid UTF-8 (line {line}, byte {valid}); save the file as UTF-8")
    })
}

/// An I/O error as a reason a person reads after a path.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_and_invalid_utf8_with_the_line() {
        assert!(decode(b"a\0b".to_vec()).unwrap_err().contains("binary"));
        let bad = decode(b"ok\nstill ok\n\xff".to_vec()).unwrap_err();
        assert!(bad.contains("line 3, byte 12"), "{bad}");
        assert_eq!(decode("é\r\n".into()).unwrap(), "é\r\n");
    }

    #[test]
    fn a_missing_file_is_named_with_a_reason() {
        let err = read_markdown(Path::new("no/such/file.md")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no/such/file.md: no such file or directory"
        );
    }
}
