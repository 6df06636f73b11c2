// Applies the theme chosen in this browser before the first paint, so a dark choice never
// flashes light. The console's theme toggle writes the choice (app/src/ui/theme_toggle.rs).
try {
  const theme = localStorage.getItem("roster-theme");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
} catch (_) {
  // Storage blocked: follow the system's theme.
}
