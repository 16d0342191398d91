//! `ftzroute pack diff`: compares two editions on golden cases and, with `--sweep`, on the
//! thresholds found by probing each edition.

use crate::cli::{Cli, Failure, PackDiffArgs};
use std::io::Write;

pub fn command(_cli: &Cli, _args: &PackDiffArgs, _out: &mut dyn Write) -> Result<(), Failure> {
    Err(Failure::Usage("not implemented yet".into()))
}
