// Copy buttons: <button data-copy="input-id" data-copied="コピーしました"> copies the input's value to the clipboard.
document.addEventListener('click', async (e) => {
  const button = e.target.closest('button[data-copy]');
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  if (!input) return;
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    const label = button.textContent;
    button.textContent = button.dataset.copied || label;
    setTimeout(() => { button.textContent = label; }, 2000);
  } catch {
    // No clipboard permission (http, an old browser): the text stays selected for Ctrl+C.
  }
});
