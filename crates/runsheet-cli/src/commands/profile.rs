use std::io::Write;

use runsheet_core::Profile;
use runsheet_store::Store;

use super::print_json;
use crate::args::ProfileCommand;

pub(crate) async fn run(store: &Store, cmd: ProfileCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        ProfileCommand::Show(json) => {
            let profile = store.get_profile().await?;
            if json.json {
                return print_json(out, &profile);
            }
            match profile {
                Some(p) => writeln!(out, "{} ({})", p.name, p.roles.join(", "))?,
                None => writeln!(out, "No profile yet: `runsheet profile set --name NAME --role ROLE`.")?,
            }
        }
        ProfileCommand::Set { name, roles } => {
            let p = store.save_profile(Profile { name, roles }).await?;
            writeln!(out, "Profile saved: {} ({})", p.name, p.roles.join(", "))?;
        }
    }
    Ok(())
}
