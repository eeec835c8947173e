//! Gating a run in CI: the exit status of `check`, a tested contract (0
//! clean, 1 findings that fail the gate, 2 a file that could not be checked
//! or a usage error); baselines of accepted findings ([`baseline`]); the
//! lines a branch changed ([`changed`]); and shards of the files ([`shard`]).

pub mod baseline;
pub mod changed;
pub mod shard;

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_TROUBLE: u8 = 2;

/// What a run counted, before `--quiet` hides anything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    /// Files that could not be read, written or decoded.
    pub file_errors: usize,
}

/// Error-level findings always fail; warnings fail only past `max_warnings`.
/// A file that could not be checked wins over findings: the run is incomplete.
pub fn exit_code(counts: Counts, max_warnings: Option<usize>) -> u8 {
    if counts.file_errors > 0 {
        EXIT_TROUBLE
    } else if counts.errors > 0 || too_many_warnings(counts, max_warnings) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

pub fn too_many_warnings(counts: Counts, max_warnings: Option<usize>) -> bool {
    max_warnings.is_some_and(|max| counts.warnings > max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(errors: usize, warnings: usize, file_errors: usize) -> Counts {
        Counts {
            errors,
            warnings,
            file_errors,
        }
    }

    #[test]
    fn warnings_fail_only_past_the_limit() {
        assert_eq!(exit_code(counts(0, 5, 0), None), EXIT_CLEAN);
        assert_eq!(exit_code(counts(0, 5, 0), Some(5)), EXIT_CLEAN);
        assert_eq!(exit_code(counts(0, 6, 0), Some(5)), EXIT_FINDINGS);
        assert_eq!(exit_code(counts(0, 1, 0), Some(0)), EXIT_FINDINGS);
    }

    #[test]
    fn errors_fail_and_unreadable_files_win() {
        assert_eq!(exit_code(counts(1, 0, 0), Some(100)), EXIT_FINDINGS);
        assert_eq!(exit_code(counts(3, 9, 1), Some(0)), EXIT_TROUBLE);
    }
}
