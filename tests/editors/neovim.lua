-- End-to-end test with a real Neovim 0.11: starts `concord lsp` through vim.lsp.config and
-- vim.lsp.enable, opens a Markdown file, checks the diagnostics Neovim receives, applies the
-- preferred code action, and checks the buffer changed.
-- Run: CONCORD=path/to/concord nvim --clean --headless -l tests/editors/neovim.lua
local concord = assert(os.getenv("CONCORD"), "set CONCORD to the concord binary")
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, "p")
local file = dir .. "/release.md"
vim.fn.writefile({ "# News", "", "😀 Officers warned about ISIS propaganda online." }, file)

vim.lsp.config("concord", {
  cmd = { concord, "lsp" },
  filetypes = { "markdown" },
  root_markers = { ".git" },
})
vim.lsp.enable("concord")
vim.cmd.edit(file)
local buf = vim.api.nvim_get_current_buf()

local function fail(message)
  io.stderr:write("FAILED: " .. message .. "\n")
  os.exit(1)
end

local ok = vim.wait(15000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not ok then fail("no diagnostics from concord within 15 s") end

local diagnostics = vim.diagnostic.get(buf)
local daesh
for _, d in ipairs(diagnostics) do
  if d.code == "cohesion/daesh-naming" then daesh = d end
end
if not daesh then fail("no cohesion/daesh-naming diagnostic: " .. vim.inspect(diagnostics)) end
if daesh.source ~= "concord" then fail("source is " .. tostring(daesh.source)) end
-- Neovim stores byte columns: "😀 Officers warned about " is 27 bytes (😀 is 4).
if daesh.lnum ~= 2 or daesh.col ~= 27 or daesh.end_col ~= 31 then
  fail(("ISIS is at line %d, columns %d-%d"):format(daesh.lnum, daesh.col, daesh.end_col))
end

local client = vim.lsp.get_clients({ bufnr = buf, name = "concord" })[1]
if not client then fail("no concord client attached") end
local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
params.range = {
  start = { line = daesh.lnum, character = 0 },
  ["end"] = { line = daesh.lnum, character = 0 },
}
params.range.start.character = vim.str_utfindex(vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1], client.offset_encoding, daesh.col)
params.range["end"] = params.range.start
params.context = { diagnostics = {} }
local response = client:request_sync("textDocument/codeAction", params, 10000, buf)
if not response or response.err then fail("code action request failed: " .. vim.inspect(response)) end
local preferred
for _, action in ipairs(response.result or {}) do
  if action.isPreferred then preferred = action end
end
if not preferred then fail("no preferred code action: " .. vim.inspect(response.result)) end
vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
local line = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
if line ~= "😀 Officers warned about Daesh propaganda online." then fail("after the quick fix: " .. line) end

ok = vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "cohesion/daesh-naming" then return false end
  end
  return true
end, 50)
if not ok then fail("the Daesh diagnostic did not go away after the fix") end

print("ok: Neovim " .. tostring(vim.version()) .. " got concord's diagnostics and applied its quick fix")
vim.cmd("qa!")
