// iamtrim HTML reports: renders the embedded data (#iamtrim-data) into
// sortable, filterable, paginated tables with a detail view per row.
// Every string from the data is set as text (textContent, DOM text nodes),
// never parsed as markup. No network, no storage, no external code.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('iamtrim-data').textContent);
  const kind = document.body.dataset.kind;
  const app = document.getElementById('app');
  const PAGE = 50;
  const NAMES_SHOWN = 12;

  // el('tag', {attr: value, text: 'x', on: {click: f}}, child...): children
  // that are strings become text nodes.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') e.textContent = v;
        else if (k === 'class') e.className = v;
        else if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) if (c !== undefined && c !== null && c !== false) e.append(c);
    return e;
  }
  const fmt = (n) => Number(n).toLocaleString('en-US');
  const badge = (text, cls) => el('span', { class: 'badge ' + cls, text: text });
  let uid = 0;
  const nextId = (p) => p + '-' + (++uid);

  // ---- Tabs (WAI-ARIA tabs: arrow keys, Home and End move between tabs) ----
  function tabs(list) {
    const bar = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Views' });
    const panels = [];
    const buttons = list.map((t, i) => {
      const id = 'tab-' + t.id;
      const panel = el('div', { role: 'tabpanel', id: 'panel-' + t.id, 'aria-labelledby': id, tabindex: '0' });
      if (i) panel.hidden = true;
      panels.push(panel);
      const b = el('button', { class: 'tab', role: 'tab', id: id, type: 'button', 'aria-controls': panel.id,
                               'aria-selected': i === 0 ? 'true' : 'false', tabindex: i === 0 ? '0' : '-1', text: t.label });
      b.addEventListener('click', () => select(i));
      b.addEventListener('keydown', (e) => {
        let j = null;
        if (e.key === 'ArrowRight') j = (i + 1) % list.length;
        else if (e.key === 'ArrowLeft') j = (i - 1 + list.length) % list.length;
        else if (e.key === 'Home') j = 0;
        else if (e.key === 'End') j = list.length - 1;
        if (j === null) return;
        e.preventDefault();
        select(j);
        buttons[j].focus();
      });
      bar.append(b);
      return b;
    });
    function select(i) {
      buttons.forEach((b, k) => {
        b.setAttribute('aria-selected', k === i ? 'true' : 'false');
        b.tabIndex = k === i ? 0 : -1;
        panels[k].hidden = k !== i;
      });
      if (list[i].onshow) list[i].onshow();
    }
    list.forEach((t, i) => t.render(panels[i]));
    return { node: el('div', null, bar, ...panels), select: select };
  }

  // ---- The table: sort, filter, paginate, one detail row per data row ----
  // opts: {id, caption, noun, columns: [{key, label, num, value(row), cell(row)}],
  //        selects: [{key, label, value(row)}], search(row) -> text, title(row), detail(row) -> Node}
  function Table(opts) {
    const rows = opts.rows;
    const haystack = rows.map((r) => opts.search(r).toLowerCase());
    const state = { sort: opts.sort || null, dir: opts.dir || 1, query: '', selects: {}, page: 0, open: new Set(), all: false };
    const root = el('div', { class: 'table-block', id: opts.id });
    const controls = el('div', { class: 'controls' });
    const searchId = nextId('search');
    const search = el('input', { type: 'search', id: searchId, class: 'search', placeholder: 'name, ARN, action...',
                                 'aria-describedby': searchId + '-hint', autocomplete: 'off' });
    search.addEventListener('input', () => { state.query = search.value.trim().toLowerCase(); state.page = 0; render(); });
    controls.append(el('label', { for: searchId }, 'Filter ' + opts.noun, search,
                       el('span', { id: searchId + '-hint', class: 'hint' }, 'Press ', el('kbd', { text: '/' }), ' to focus')));
    for (const s of opts.selects || []) {
      const values = Array.from(new Set(rows.map(s.value))).filter((v) => v !== '').sort();
      const sid = nextId('select');
      const select = el('select', { id: sid, 'data-key': s.key }, el('option', { value: '', text: 'all' }),
                        ...values.map((v) => el('option', { value: v, text: v })));
      select.addEventListener('change', () => { state.selects[s.key] = select.value; state.page = 0; render(); });
      controls.append(el('label', { for: sid }, s.label, select));
    }
    const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const table = el('table', { class: 'data' });
    table.append(el('caption', { text: opts.caption }));
    const headRow = el('tr');
    const headers = opts.columns.map((c) => {
      const th = el('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': 'none' });
      const b = el('button', { type: 'button', class: 'sort', 'data-key': c.key }, c.label, el('span', { class: 'arrow', 'aria-hidden': 'true' }));
      b.addEventListener('click', () => {
        if (state.sort === c.key) state.dir = -state.dir;
        else { state.sort = c.key; state.dir = c.num ? -1 : 1; }
        state.page = 0;
        render();
      });
      th.append(b);
      headRow.append(th);
      return { th: th, arrow: b.lastChild, col: c };
    });
    table.append(el('thead', null, headRow));
    const tbody = el('tbody');
    table.append(tbody);
    // Arrow keys move between the rows' detail buttons.
    tbody.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const toggles = Array.from(tbody.querySelectorAll('.row-toggle'));
      const i = toggles.indexOf(document.activeElement);
      if (i < 0) return;
      const j = e.key === 'ArrowDown' ? Math.min(i + 1, toggles.length - 1) : Math.max(i - 1, 0);
      e.preventDefault();
      toggles[j].focus();
    });
    const prev = el('button', { type: 'button', text: 'Previous page' });
    const next = el('button', { type: 'button', text: 'Next page' });
    const where = el('span', { class: 'page-info' });
    prev.addEventListener('click', () => { state.page--; render(); });
    next.addEventListener('click', () => { state.page++; render(); });
    const pager = el('nav', { class: 'pager', 'aria-label': opts.noun + ' pages' }, prev, where, next);
    root.append(controls, status, el('div', { class: 'table-wrap' }, table), pager);

    function visible() {
      const out = [];
      for (let i = 0; i < rows.length; i++) {
        if (state.query && haystack[i].indexOf(state.query) < 0) continue;
        let ok = true;
        for (const s of opts.selects || [])
          if (state.selects[s.key] && s.value(rows[i]) !== state.selects[s.key]) { ok = false; break; }
        if (ok) out.push(i);
      }
      if (state.sort) {
        const col = opts.columns.find((c) => c.key === state.sort);
        const keys = new Map(out.map((i) => [i, col.value(rows[i])]));
        out.sort((a, b) => {
          const x = keys.get(a), y = keys.get(b);
          const d = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
          return d ? d * state.dir : a - b;
        });
      }
      return out;
    }

    function render() {
      const shown = visible();
      const pages = Math.max(1, Math.ceil(shown.length / PAGE));
      state.page = Math.min(Math.max(state.page, 0), pages - 1);
      const from = state.all ? 0 : state.page * PAGE;
      const slice = state.all ? shown : shown.slice(from, from + PAGE);
      const frag = document.createDocumentFragment();
      for (const i of slice) {
        const row = rows[i];
        const tr = el('tr', { class: 'row', 'data-index': i });
        const detailId = opts.id + '-detail-' + i;
        const open = state.open.has(i);
        opts.columns.forEach((c, k) => {
          const content = c.cell ? c.cell(row) : String(c.value(row));
          if (k === 0) {
            const b = el('button', { type: 'button', class: 'row-toggle', 'aria-expanded': open ? 'true' : 'false',
                                     'aria-controls': detailId }, content);
            b.addEventListener('click', () => {
              if (state.open.has(i)) state.open.delete(i); else state.open.add(i);
              render();
              const again = tbody.querySelector('tr.row[data-index="' + i + '"] .row-toggle');
              if (again) again.focus();
            });
            tr.append(el('th', { scope: 'row' }, b));
          } else {
            tr.append(el('td', { class: c.num ? 'num' : null }, content));
          }
        });
        frag.append(tr);
        if (open) frag.append(el('tr', { class: 'detail', id: detailId }, el('td', { colspan: opts.columns.length }, opts.detail(row))));
      }
      tbody.replaceChildren(frag);
      for (const h of headers) {
        const sorted = state.sort === h.col.key;
        h.th.setAttribute('aria-sort', sorted ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
        h.arrow.textContent = sorted ? (state.dir > 0 ? '\u25B2' : '\u25BC') : '';
      }
      status.textContent = shown.length
        ? 'Showing ' + fmt(slice.length ? from + 1 : 0) + '\u2013' + fmt(from + slice.length) + ' of ' + fmt(shown.length) + ' ' + opts.noun +
          (shown.length < rows.length ? ' (filtered from ' + fmt(rows.length) + ')' : '')
        : 'No ' + opts.noun + ' match the filter.';
      where.textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
    }

    render();
    return {
      node: root,
      search: search,
      render: render,
      filter(text) { search.value = text; state.query = text.toLowerCase(); state.page = 0; render(); },
      printAll(on) { state.all = on; render(); },
    };
  }

  // ---- Pieces of the detail views ----
  function dl(pairs) {
    const d = el('dl', { class: 'detail-grid' });
    for (const [k, v] of pairs) {
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
      let value;
      if (v instanceof Node) value = v;
      else if (Array.isArray(v) && v.length > 1) value = el('ul', { class: 'plain' }, ...v.map((x) => el('li', null, x)));
      else value = String(Array.isArray(v) ? v[0] : v);
      d.append(el('dt', { text: k }), el('dd', null, value));
    }
    return d;
  }

  function namesNode(names) {
    const span = el('span', { class: 'names' });
    const show = (n) => {
      span.replaceChildren();
      names.slice(0, n).forEach((name, i) => { if (i) span.append(', '); span.append(el('code', { text: name })); });
      if (names.length > n) {
        const more = el('button', { type: 'button', class: 'more', text: 'and ' + fmt(names.length - n) + ' more' });
        more.addEventListener('click', () => show(names.length));
        span.append(' ', more);
      }
    };
    show(NAMES_SHOWN);
    return span;
  }

  // Line diff (longest common subsequence) as unified hunks with 3 lines of context.
  function diffLines(a, b) {
    const n = a.length, m = b.length;
    if (n * m > 4000000) return null;
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    const ops = [];
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) { ops.push([' ', a[i], i, j]); i++; j++; }
      else if (i < n && (j >= m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) { ops.push(['-', a[i], i, j]); i++; }
      else { ops.push(['+', b[j], i, j]); j++; }
    }
    return ops;
  }

  // Policy texts are lists of indexes into data.lines.
  function diffNode(a, b, label) {
    const ops = diffLines(a, b);
    const pre = el('pre', { class: 'diff', 'aria-label': label, tabindex: '0' });
    if (!ops) {
      pre.append(el('span', { class: 'hunk', text: 'Too large to compare line by line; the rewrite:' }));
      for (const line of b) pre.append(el('span', { text: '  ' + data.lines[line] }));
      return pre;
    }
    const keep = new Array(ops.length).fill(false);
    ops.forEach((o, k) => { if (o[0] !== ' ') for (let d = -3; d <= 3; d++) if (ops[k + d]) keep[k + d] = true; });
    let last = -1;
    ops.forEach((o, k) => {
      if (!keep[k]) return;
      if (k !== last + 1 || last < 0) pre.append(el('span', { class: 'hunk', text: '@@ line ' + (o[2] + 1) + ' of the policy, line ' + (o[3] + 1) + ' of the rewrite @@' }));
      last = k;
      const cls = o[0] === '+' ? 'add' : o[0] === '-' ? 'del' : null;
      pre.append(el('span', { class: cls, text: o[0] + ' ' + data.lines[o[1]] }));
    });
    if (last < 0) pre.append(el('span', { class: 'hunk', text: 'No change.' }));
    return pre;
  }

  // [reason, evidence, last access, [first, count, ...], kept by] -> a table row.
  function groupNames(runs) {
    const out = [];
    for (let k = 0; k < runs.length; k += 2) for (let i = 0; i < runs[k + 1]; i++) out.push(data.actions[runs[k] + i]);
    return out;
  }

  function groupsTable(groups, caption, kept) {
    if (!groups || !groups.length) return el('p', { text: 'None.' });
    const head = ['Actions', 'Reason'].concat(kept ? ['Kept by'] : []).concat(['Evidence', 'Job date', 'Last access', 'Window', 'Rule']);
    const table = el('table', { class: 'data' }, el('caption', { text: caption }),
                     el('thead', null, el('tr', null, ...head.map((h) => el('th', { scope: 'col', text: h })))));
    const body = el('tbody');
    for (const g of groups) {
      const reason = data.reasons[g[0]] || { slug: '?', summary: '', access: false };
      const e = g[1] >= 0 ? data.evidence[g[1]] : null;
      const ev = e && { file: e[0], subject: e[1], job: e[2], window: e[3], rule: e[4], start: e[5] };
      const names = groupNames(g[3]);
      const cells = [
        el('td', null, el('span', { class: 'count' }, fmt(names.length) + ': '), namesNode(names)),
        el('td', null, el('span', { class: 'reason reason-' + reason.slug, title: reason.summary, text: reason.slug })),
      ];
      if (kept) cells.push(el('td', null, g[4] ? el('code', { text: g[4] }) : '-'));
      cells.push(
        el('td', null, ev ? ev.file || '-' : '-', ev && ev.subject ? el('div', { class: 'note', text: ev.subject }) : null),
        el('td', { text: ev ? ev.job || '-' : '-' }),
        el('td', { text: g[2] || (reason.access ? 'never' : '-') }),
        el('td', { text: ev && ev.window ? ev.window + ' days' : '-' }),
        el('td', { text: ev ? (ev.rule || '-') + (ev.start ? ' (since ' + ev.start + ')' : '') : '-' }));
      body.append(el('tr', { class: 'row' }, ...cells));
    }
    table.append(body);
    return el('div', { class: 'table-wrap' }, table);
  }

  function outcomeBadge(o) { return badge(o, 'o-' + o); }

  // ---- Narrowing reports: policies and principals ----
  function policyDetail(p) {
    const box = el('div', { class: 'policy-detail' });
    const statements = (p.statements || []).map((s) => s[0] + ' ' + s[1] + ' (' + s[3] + ' of ' + s[2] + ' removed)');
    box.append(dl([
      ['Owner', p.owner], ['Policy', p.name], ['ARN', p.arn], ['File', p.file ? p.file + (p.pointer ? ' at ' + p.pointer : '') : ''],
      ['Written to', p.out], ['Outcome', outcomeBadge(p.outcome)],
      ['Actions', fmt(p.granted) + ' granted, ' + fmt(p.removed) + ' removed, ' + fmt(p.kept) + ' kept'],
      ['Judged on the evidence of', p.principals], ['No evidence for', p.missing],
      ['Statements', statements],
      ['Kept low-risk wildcards', (p.lowrisk || []).map((k) => k[0] + ': low-risk wildcard, ' + k[1] + ' unused read actions')],
      ['Size', p.size ? p.size + (p.fits === false ? ' (not written whole)' : '') : ''], ['Compression', p.compressed],
      ['Verified', p.verified === undefined ? '' : p.verified ? 'yes: subset of the original, every used action kept' : 'NO'],
      ['Violations', p.violations], ['Notes', (p.notes || []).map((n) => data.notes[n])], ['Note', p.note],
    ]));
    if (p.before !== undefined && p.after !== undefined) {
      box.append(el('h4', { text: 'Before and after' }), diffNode(p.before, p.after, 'Changes to ' + p.owner + ' ' + p.name));
    }
    if (p.parts) {
      box.append(el('h4', { text: 'Proposed split (' + p.parts.length + ' policies, each within the quota)' }));
      p.parts.forEach((t, i) => box.append(el('details', null, el('summary', { text: 'Part ' + (i + 1) }), el('pre', { class: 'code', text: t }))));
    }
    if (p.rm) box.append(el('h4', { text: 'Removed, and why' }), groupsTable(p.rm, 'Removed actions of ' + p.name, false));
    if (p.kp) box.append(el('h4', { text: 'Kept, and why' }), groupsTable(p.kp, 'Kept actions of ' + p.name, true));
    return box;
  }

  function narrowView() {
    const policies = data.policies;
    const principals = data.principals || [];
    let policyTable = null, view = null;
    const policyCols = [
      { key: 'name', label: 'Policy', value: (p) => p.owner + ' ' + p.name,
        cell: (p) => el('span', null, el('span', { class: 'owner', text: p.owner }), ' / ', el('span', { text: p.name })) },
      { key: 'kind', label: 'Kind', value: (p) => p.kind },
      { key: 'outcome', label: 'Outcome', value: (p) => p.outcome, cell: (p) => outcomeBadge(p.outcome) },
      { key: 'granted', label: 'Granted', num: true, value: (p) => p.granted },
      { key: 'removed', label: 'Removed', num: true, value: (p) => p.removed },
      { key: 'kept', label: 'Kept', num: true, value: (p) => p.kept },
      { key: 'principals', label: 'Used by', value: (p) => (p.principals || []).join(', '),
        cell: (p) => { const l = p.principals || []; return l.length > 3 ? l.slice(0, 3).join(', ') + ' and ' + (l.length - 3) + ' more' : l.join(', ') || '-'; } },
    ];
    const principalCols = [
      { key: 'owner', label: 'Principal', value: (p) => p.owner },
      { key: 'type', label: 'Type', value: (p) => p.type },
      { key: 'evidence', label: 'Evidence', value: (p) => (p.evidence ? 'yes' : 'no'),
        cell: (p) => (p.evidence ? 'yes' : badge('no evidence', 'o-kept-no-evidence')) },
      { key: 'policies', label: 'Policies', num: true, value: (p) => p.policies.length },
      { key: 'granted', label: 'Granted', num: true, value: (p) => p.granted },
      { key: 'removed', label: 'Removed', num: true, value: (p) => p.removed },
    ];
    function principalDetail(p) {
      const list = el('ul', { class: 'plain' });
      for (const id of p.policies) {
        const pol = policies[id];
        list.append(el('li', null, pol.owner + ' / ' + pol.name + ' ', outcomeBadge(pol.outcome),
                       ' ' + fmt(pol.removed) + ' of ' + fmt(pol.granted) + ' removed'));
      }
      const show = el('button', { type: 'button', class: 'btn', text: 'Show its policies' });
      show.addEventListener('click', () => { view.select(0); policyTable.filter(p.owner); policyTable.search.focus(); });
      return el('div', null, dl([['Evidence', p.evidence ? 'a report covers it' : 'no report: every policy it uses is kept']]), list, show);
    }
    view = tabs([
      { id: 'policies', label: 'Policies (' + fmt(policies.length) + ')', render(panel) {
        policyTable = Table({ id: 'policies', caption: 'Policies: select a name for its diff, removals and keeps', noun: 'policies',
          rows: policies, columns: policyCols, sort: 'removed', dir: -1,
          selects: [{ key: 'outcome', label: 'Outcome', value: (p) => p.outcome }, { key: 'kind', label: 'Kind', value: (p) => p.kind }],
          search: (p) => [p.owner, p.name, p.arn || '', p.file || '', (p.principals || []).join(' ')].join(' '),
          detail: policyDetail });
        panel.append(policyTable.node);
      } },
      { id: 'principals', label: 'Principals (' + fmt(principals.length) + ')', render(panel) {
        const t = Table({ id: 'principals', caption: 'Principals: select one for its policies', noun: 'principals', rows: principals,
          columns: principalCols, sort: 'removed', dir: -1,
          selects: [{ key: 'type', label: 'Type', value: (p) => p.type }, { key: 'evidence', label: 'Evidence', value: (p) => (p.evidence ? 'yes' : 'no') }],
          search: (p) => p.owner, detail: principalDetail });
        tables.push(t);
        panel.append(t.node);
      } },
    ]);
    tables.push(policyTable);
    return view.node;
  }

  // ---- Organizations: the services of the access report ----
  function organizationsView() {
    const t = Table({ id: 'services', caption: 'Services of the access report: select one for the evidence', noun: 'services',
      rows: data.services, sort: 'decision', dir: 1,
      columns: [
        { key: 'service', label: 'Service', value: (s) => s.service },
        { key: 'name', label: 'Name', value: (s) => s.name || '' },
        { key: 'decision', label: 'Decision', value: (s) => s.decision, cell: (s) => badge(s.decision, 'd-' + s.decision) },
        { key: 'reason', label: 'Reason', value: (s) => s.reason, cell: (s) => el('span', { class: 'reason', text: s.reason }) },
        { key: 'last', label: 'Last accessed', value: (s) => s.last || '', cell: (s) => s.last || 'never' },
      ],
      selects: [{ key: 'decision', label: 'Decision', value: (s) => s.decision }, { key: 'reason', label: 'Reason', value: (s) => s.reason }],
      search: (s) => s.service + ' ' + (s.name || '') + ' ' + s.reason,
      detail: (s) => dl([['Why', s.detail], ['Evidence', s.file], ['Job date', s.job], ['Window', s.window ? s.window + ' days' : ''], ['Rule', s.rule]]) });
    tables.push(t);
    return t.node;
  }

  // ---- Lint findings ----
  function lintView() {
    const order = { error: 0, security: 1, warning: 2, suggestion: 3 };
    const t = Table({ id: 'findings', caption: 'Findings: select one for the rule and its fixes', noun: 'findings',
      rows: data.findings, sort: 'severity', dir: 1,
      columns: [
        { key: 'location', label: 'Location', value: (f) => f.file + ':' + String(f.line).padStart(6, '0'),
          cell: (f) => f.file + ':' + f.line + ':' + f.column },
        { key: 'severity', label: 'Severity', value: (f) => order[f.severity], cell: (f) => badge(f.severity, 'sev-' + f.severity) },
        { key: 'code', label: 'Rule', value: (f) => f.code, cell: (f) => el('span', null, el('code', { text: f.code }), ' ' + f.slug) },
        { key: 'message', label: 'Message', value: (f) => f.message },
        { key: 'owner', label: 'Owner', value: (f) => f.owner || '' },
      ],
      selects: [{ key: 'severity', label: 'Severity', value: (f) => f.severity }, { key: 'code', label: 'Rule', value: (f) => f.code }],
      search: (f) => [f.file, f.code, f.slug, f.message, f.owner].join(' '),
      detail: (f) => {
        const rule = data.rules[f.code] || {};
        return dl([['Rule', f.code + ' ' + f.slug + (rule.summary ? ': ' + rule.summary : '')], ['How to fix', rule.fix],
                   ['Did you mean', f.suggestions], ['Note', f.note], ['Pointer', f.pointer],
                   ['Fixes', (f.fixes || []).map((x) => x[1] + ' (' + x[0] + ')')], ['Fingerprint', f.fingerprint],
                   ['Explain', 'iamtrim explain ' + f.code]]);
      } });
    tables.push(t);
    return t.node;
  }

  const tables = [];
  const view = kind === 'lint' ? lintView() : kind === 'organizations' ? organizationsView() : narrowView();
  app.append(view);

  // "/" focuses the filter of the visible table.
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    const visible = tables.find((x) => x && x.node.offsetParent !== null);
    if (visible) { e.preventDefault(); visible.search.focus(); }
  });
  // Printing shows every filtered row, not one page.
  window.addEventListener('beforeprint', () => tables.forEach((t) => t && t.printAll(true)));
  window.addEventListener('afterprint', () => tables.forEach((t) => t && t.printAll(false)));

  window.iamtrimReady = performance.now();
  document.documentElement.setAttribute('data-ready', 'true');
})();
