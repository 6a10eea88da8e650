use std::io::Write;

use runsheet_store::Store;

use super::print_json;
use crate::args::EnvironmentCommand;
use crate::output::table;

pub(crate) async fn run(store: &Store, cmd: EnvironmentCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        EnvironmentCommand::List(json) => {
            let list = store.list_environments().await?;
            if json.json {
                return print_json(out, &list);
            }
            let mut rows = vec![["ID", "NAME", "TIER", "COLOUR", "VARIABLES"].map(String::from).to_vec()];
            for env in list {
                rows.push(vec![
                    env.id.to_string(),
                    env.name,
                    env.tier.as_str().into(),
                    env.colour.map(|c| c.as_str()).unwrap_or("").into(),
                    env.variables.iter().map(|v| format!("{}={}", v.key, v.value)).collect::<Vec<_>>().join(" "),
                ]);
            }
            write!(out, "{}", table(&rows))?;
        }
    }
    Ok(())
}
