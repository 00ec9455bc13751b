//! `drillsim new`: prints a commented template.

use std::io::Write;
use std::process::ExitCode;

use super::error::{Failure, Refusal};
use crate::template;

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Which template: `scenario` (default) or `plan`.
    #[arg(default_value = "scenario")]
    pub template: String,
}

pub(super) fn new(args: NewArgs, out: &mut impl Write) -> Result<ExitCode, Failure> {
    match template::TEMPLATES
        .iter()
        .find(|(name, _, _)| *name == args.template)
    {
        Some((_, _, text)) => {
            out.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let known: Vec<String> = template::TEMPLATES
                .iter()
                .map(|(name, about, _)| format!("  {name:10} {about}"))
                .collect();
            Err(Refusal::NoTemplate {
                name: args.template,
                known: known.join("\n"),
            }
            .into())
        }
    }
}
