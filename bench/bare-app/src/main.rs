/// The least a command can do, answered over IPC: bench/app.py ticks a row of plain text with it to measure a
/// tick's floor in a bare Tauri window.
#[tauri::command]
fn tick(step: u32) -> u32 {
    step
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![tick])
        .run(tauri::generate_context!())
        .expect("bare app");
}
