-- concord for Neovim 0.11+: copy this file to ~/.config/nvim/lsp/concord.lua, then add
--   vim.lsp.enable("concord")
-- to your init.lua. Settings go in init_options (the same keys as concord.toml).
return {
  cmd = { "concord", "lsp" },
  filetypes = { "markdown", "html", "text" },
  root_markers = { "concord.toml", ".concord.toml", ".git" },
  init_options = {
    -- packs = { "cohesion", "clarity" },
    -- rules = { ["clarity/unexplained-acronym"] = "off" },
    -- allow = { "Tower Hamlets Prevent Board" },
    languages = { "text" },
  },
}
