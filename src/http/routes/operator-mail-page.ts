/**
 * The operator's mail page: every email the instance sent or wrote as .eml, readable in a
 * browser. A plain page rather than an admin-center route, because the admin center signs in
 * tenant users and this page needs the operator token (kept in this tab's sessionStorage).
 * The script is a separate file so a Content-Security-Policy without inline scripts allows it.
 */
export const operatorMailPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Mail sent — Billing Center operator</title>
<style>
body{font-family:'Segoe UI',Arial,sans-serif;margin:0;color:#242424;background:#fafafa}
header{padding:12px 24px;background:#0f6cbd;color:#fff}h1{font-size:18px;margin:0}
main{display:grid;grid-template-columns:minmax(320px,40%) 1fr;gap:16px;padding:16px 24px}
form{padding:12px 24px;display:flex;gap:8px;align-items:center}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e0e0e0;vertical-align:top}
tr[aria-selected=true]{background:#ebf3fc}button.row{all:unset;cursor:pointer;color:#0f6cbd}
iframe{width:100%;height:75vh;border:1px solid #e0e0e0;background:#fff}
@media (max-width:767.98px){main{grid-template-columns:minmax(0,1fr);padding:12px}form{flex-wrap:wrap;padding:12px}
#token{flex:1 1 12em;min-width:0}td{overflow-wrap:anywhere}}
</style></head>
<body>
<header><h1>Mail sent by Billing Center</h1></header>
<form id="auth"><label for="token">Operator token</label>
<input id="token" type="password" size="40" autocomplete="off"><button type="submit">Show mail</button>
<span id="status" role="status"></span></form>
<main><section aria-label="Messages"><table><thead><tr><th>Date</th><th>To</th><th>Subject</th><th>Language</th><th>Status</th></tr></thead>
<tbody id="list"></tbody></table></section>
<section aria-label="Message"><p id="meta"></p><iframe id="view" title="Message" sandbox></iframe></section></main>
<script src="mail.js"></script>
</body></html>`;

export const operatorMailScript = `(() => {
  const $ = (id) => document.getElementById(id);
  const token = () => sessionStorage.getItem('bc-operator-token') || '';
  async function api(path) {
    const res = await fetch(path, { headers: { authorization: 'Bearer ' + token() } });
    if (!res.ok) throw new Error((await res.json().catch(() => ({}))).detail || res.statusText);
    return res.json();
  }
  function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }
  async function show(id, row) {
    for (const r of $('list').children) r.setAttribute('aria-selected', String(r === row));
    const m = await api('/api/operator/mail/' + encodeURIComponent(id));
    $('meta').textContent = m.to + ' · ' + m.eventType + (m.fileName ? ' · ' + m.fileName : '');
    if (m.fileName) {
      const a = document.createElement('a'); a.textContent = ' (download .eml)'; a.href = '#';
      a.onclick = async (e) => { e.preventDefault();
        const res = await fetch('/api/operator/mail/' + encodeURIComponent(id) + '/eml', { headers: { authorization: 'Bearer ' + token() } });
        const url = URL.createObjectURL(await res.blob()); const link = document.createElement('a');
        link.href = url; link.download = m.fileName; link.click(); URL.revokeObjectURL(url); };
      $('meta').append(a);
    }
    $('view').srcdoc = m.html;
  }
  async function load() {
    $('status').textContent = 'Loading…';
    try {
      const { mail, mailDir } = await api('/api/operator/mail');
      $('list').replaceChildren(...mail.map((m) => {
        const tr = document.createElement('tr');
        const subject = document.createElement('td'); const b = document.createElement('button');
        b.className = 'row'; b.textContent = m.subject || m.eventType; b.onclick = () => show(m.id, tr); subject.append(b);
        tr.append(cell(new Date(m.createdAt).toLocaleString()), cell(m.to), subject, cell(m.locale), cell(m.status));
        return tr;
      }));
      $('status').textContent = mail.length + ' message(s)' + (mailDir ? ' · files in ' + mailDir : ' · sent by SMTP');
    } catch (e) { $('status').textContent = String(e.message || e); }
  }
  $('token').value = token();
  $('auth').onsubmit = (e) => { e.preventDefault(); sessionStorage.setItem('bc-operator-token', $('token').value); load(); };
  if (token()) load();
})();
`;
