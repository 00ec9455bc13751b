//! Orders scripts: a time before each order, `#` comments, every bad line reported.

use std::fmt;

use crate::scenario::Duration;

use super::{Order, parse_order};

/// One timed order of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptedOrder {
    /// Simulated minute the order is given.
    pub at: u32,
    pub order: Order,
    /// Line in the script (1-based).
    pub line: usize,
}

/// An error in a script line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub text: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}:{}: {}\n  | {}",
            self.line, self.column, self.message, self.text
        )
    }
}

/// Parses a script of timed orders, reporting every bad line.
pub fn parse_script(text: &str) -> Result<Vec<ScriptedOrder>, Vec<ScriptError>> {
    let mut orders = Vec::new();
    let mut errors = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.split('#').next().unwrap_or("").trim_end();
        if content.trim().is_empty() {
            continue;
        }
        let trimmed = content.trim_start();
        let lead = content.len() - trimmed.len();
        let (time, rest) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        let at = match time.parse::<Duration>() {
            Ok(d) => d.as_minutes(),
            Err(e) => {
                errors.push(ScriptError {
                    line,
                    column: lead + 1,
                    message: format!("expected a time such as 30m or 2h before the order: {e}"),
                    text: raw.to_string(),
                });
                continue;
            }
        };
        let order_start = content.len() - rest.trim_start().len();
        match parse_order(rest.trim()) {
            Ok(order) => orders.push(ScriptedOrder { at, order, line }),
            Err(e) => errors.push(ScriptError {
                line,
                column: content[..order_start].chars().count() + e.column,
                message: e.message,
                text: raw.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        orders.sort_by_key(|o| (o.at, o.line));
        Ok(orders)
    } else {
        Err(errors)
    }
}
