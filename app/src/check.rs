//! `ftzroute pack check`: static and behavioural checks of a pack, each a named finding.

use crate::cli::{Cli, Failure, PackCheckArgs};
use std::io::Write;

pub fn command(_cli: &Cli, _args: &PackCheckArgs, _out: &mut dyn Write) -> Result<(), Failure> {
    Err(Failure::Usage("not implemented yet".into()))
}
