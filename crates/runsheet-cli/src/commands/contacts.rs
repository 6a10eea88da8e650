//! How `runsheet run contacts` and `runsheet run contact` print a run's contacts.

use std::io::Write;

use runsheet_core::contact::call_now_line;
use runsheet_core::{ContactKind, RunContacts};

use crate::output::table;

pub(crate) fn print(c: &RunContacts, out: &mut dyn Write) -> anyhow::Result<()> {
    if c.roles.is_empty() {
        writeln!(
            out,
            "Run {} names no roles: its steps have no owner role and its gates ask no role to sign.",
            c.run_id
        )?;
        return Ok(());
    }
    let mut rows = vec![["ROLE", "CALL", "PERSON", "CONTACT", "SET BY"].map(String::from).to_vec()];
    for k in &c.contacts {
        let call = match k.kind {
            ContactKind::OnCall => "on call".to_string(),
            ContactKind::Escalation => format!("escalation {}", k.order),
        };
        rows.push(vec![k.role.clone(), call, k.person.name.clone(), k.person.contact.describe(), k.set_by.clone()]);
    }
    if c.contacts.is_empty() {
        writeln!(out, "Run {} has no contacts yet.", c.run_id)?;
    } else {
        write!(out, "{}", table(&rows))?;
    }
    for u in &c.unfilled {
        let candidates = u.candidates.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
        if candidates.is_empty() {
            writeln!(out, "Nobody on call for {}: nobody in the directory holds it.", u.role)?;
        } else {
            writeln!(out, "Nobody on call for {}: choose one of {candidates}.", u.role)?;
        }
    }
    if let Some(line) = call_now_line(&c.call_now) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
