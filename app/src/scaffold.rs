//! `ftzroute pack new`: scaffolds a pack crate for a new list edition.

use crate::cli::{Cli, Failure, PackNewArgs};
use std::io::Write;

pub fn command(_cli: &Cli, _args: &PackNewArgs, _out: &mut dyn Write) -> Result<(), Failure> {
    Err(Failure::Usage("not implemented yet".into()))
}
