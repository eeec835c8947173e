//! Helpers shared by the CLI test files (each `mod common;` uses what it needs).
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// Writes `text` to `root/rel`, creating the folders on the way.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The built binary, run in `dir`, without colour.
pub fn itsmlint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("itsmlint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}
