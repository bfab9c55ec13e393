-- Drives Neovim's built-in LSP client (0.7: start_client and
-- buf_attach_client) against postlint lsp, as a user would: open a post,
-- wait for the diagnostics, pick code actions from the menu, and see the
-- buffer and the diagnostics change. Writes what it saw to $POSTLINT_OUT
-- as JSON; nvim_test.go checks it.
local out = {}

local function save()
  local f = assert(io.open(os.getenv('POSTLINT_OUT'), 'w'))
  f:write(vim.fn.json_encode(out))
  f:close()
end

local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source })
  end
  table.sort(list, function(a, b) return a.lnum < b.lnum or a.lnum == b.lnum and a.col < b.col end)
  return list
end

local function has(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return d end
  end
end

-- Picks the menu item whose title starts with prefix, as a user would.
local function choose(prefix)
  vim.ui.select = function(items, opts, on_choice)
    local titles, pick = {}, nil
    for _, item in ipairs(items) do
      local title = opts.format_item(item)
      table.insert(titles, title)
      if not pick and title:sub(1, #prefix) == prefix then pick = item end
    end
    out.menus = out.menus or {}
    table.insert(out.menus, titles)
    if pick then return on_choice(pick) end
    error('no code action "' .. prefix .. '" among: ' .. table.concat(titles, ' | '))
  end
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('POSTLINT_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = 'postlint',
    cmd = { os.getenv('POSTLINT_BIN'), 'lsp', '--offline' },
    root_dir = os.getenv('POSTLINT_ROOT'),
  })
  assert(client, 'the client did not start')
  assert(vim.lsp.buf_attach_client(buf, client), 'the client did not attach')

  assert(vim.wait(20000, function() return has(buf, 'misspelling') and has(buf, 'heading-missing-space') end, 20),
    'no diagnostics came')
  out.before = diagnostics(buf)

  -- The cursor on the misspelt word, then the code action menu.
  local miss = has(buf, 'misspelling')
  vim.api.nvim_win_set_cursor(0, { miss.lnum + 1, miss.col + 1 })
  choose('Replace with')
  vim.lsp.buf.code_action()
  assert(vim.wait(20000, function() return not has(buf, 'misspelling') end, 20),
    'the misspelling stayed after the quick fix')
  out.after_fix = diagnostics(buf)

  -- Fix all: the safe fixes of the whole post.
  choose('Fix all safe postlint problems')
  vim.lsp.buf.code_action({ only = { 'source.fixAll.postlint' } })
  assert(vim.wait(20000, function() return not has(buf, 'heading-missing-space') end, 20),
    'the heading problem stayed after fix all')
  out.after_fix_all = diagnostics(buf)
  out.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)

  vim.lsp.stop_client(client)
  assert(vim.wait(10000, function() return vim.lsp.get_client_by_id(client) == nil end, 20),
    'the server did not stop')
end)
if not ok then out.error = tostring(err) end
save()
vim.cmd('qa!')
