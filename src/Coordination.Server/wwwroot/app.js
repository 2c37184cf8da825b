// Coördinatie: live case boards and case rooms for verbanden and expertteams.
// Protocol: subscribe on /hubs/board, read the snapshot over HTTP, then apply each update whose "from" is the
// version held; any gap (or a reconnect) reads the snapshot again, so no change is silently missed.
"use strict";

const STATES = [
  ["Aangemeld", "Aangemeld"], ["Verkenning", "Verkenning"], ["Arrangement", "Arrangement"],
  ["TlvAanvraag", "TLV-aanvraag"], ["TlvToegekend", "TLV toegekend"], ["TlvAfgewezen", "TLV afgewezen"],
  ["Bezwaar", "Bezwaar"], ["Plaatsing", "Plaatsing"], ["Geplaatst", "Geplaatst"], ["Afgesloten", "Afgesloten"],
];
const REQUEST = { Invited: "Uitgenodigd", Acknowledged: "Gezien", Agreed: "Akkoord", Objected: "Bezwaar", Closed: "Gesloten" };
const RESOLUTION = { Open: "Open", Expertteam: "Bij expertteam", Onderwijsconsulent: "Onderwijsconsulent betrokken", Agreed: "Overeenstemming", Closed: "Gesloten zonder overeenstemming", Lapsed: "Afspraak vervallen" };
const ENDED = ["Agreed", "Closed", "Lapsed"];
const ROLES = { SchoolVerband: "verband van de school", ResidenceVerband: "verband van de woonplaats", TlvIssuer: "afgever TLV (betaalt)", Municipality: "gemeente" };
const EVENTS = {
  Signal: "Signaal", Application: "Aanmelding", StartIntake: "Intake gestart", OfferArrangement: "Arrangement aangeboden",
  RequestTlv: "TLV aangevraagd", RecordExpertAdvice: "Deskundigenadvies", GrantTlv: "TLV toegekend", RefuseTlv: "TLV afgewezen",
  FileBezwaar: "Bezwaar ingediend", ReconsiderTlv: "TLV heroverwogen", DismissBezwaar: "Bezwaar afgewezen", StartPlacement: "Plaatsing gestart",
  Place: "Geplaatst", HandOverToVo: "Overdracht naar VO", ReceiveApplication: "Aanmelding ontvangen", ExtendZorgplicht: "Zorgplicht verlengd",
  Move: "Verhuisd", ChangeSchool: "Andere school", RecordOutOfSchool: "Niet naar school", RecordSignal: "Signaal", Close: "Afgesloten",
  ZorgplichtWarning: "Zorgplicht: nog een week", ZorgplichtBreached: "Zorgplicht verlopen", ThuiszitterFlagged: "Thuiszitter",
  TlvRenewalDue: "TLV: verlenging beslissen", TlvExpired: "TLV verlopen", PartiesChanged: "Partijen gewijzigd",
  CoordinationOpened: "Afstemming geopend", ProposalMade: "Voorstel gedaan", RequestAcknowledged: "Verzoek gezien",
  ProposalAccepted: "Akkoord", ProposalObjected: "Bezwaar tegen voorstel", CoordinationAgreed: "Overeenstemming", CoordinationClosed: "Afstemming gesloten", CoordinationAgreementLapsed: "Afspraak vervallen",
  CoordinationParticipantsChanged: "Deelnemers gewijzigd", ReferredToExpertteam: "Naar expertteam", OnderwijsconsulentInvolved: "Onderwijsconsulent betrokken",
};
const COSTS = { TlvFunding: "TLV-bekostiging", ArrangementCosts: "arrangementskosten" };

const app = {
  actor: JSON.parse(sessionStorage.getItem("actor") || "null"),
  connection: null,
  view: null,       // { kind: "verband" | "expertteam" | "case", key }
  board: null,      // snapshot of the board on screen, with its sequence
  room: null,       // { case, history }
  presence: { version: 0, viewers: [] }, // who has the open case room open; kept apart, it may arrive before the case
  filter: "",
};

const $ = (sel, root = document) => root.querySelector(sel);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const label = (state) => (STATES.find(([k]) => k === state) || [state, state])[1];
const today = () => new Date(new Date().toLocaleString("en-US", { timeZone: "Europe/Amsterdam" }).split(",")[0]);
const daysUntil = (iso) => Math.round((new Date(iso + "T00:00:00") - today()) / 86400000);
const fmtDate = (iso) => iso ? new Date(iso).toLocaleDateString("nl-NL", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/Amsterdam" }) : "";
const fmtTime = (iso) => new Date(iso).toLocaleString("nl-NL", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });

// Every call carries the signed-in user's token; an expired or refused token sends the user back to sign-in.
async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { "Content-Type": "application/json", Authorization: `Bearer ${app.actor.token}`, ...(options.headers || {}) } });
  if (response.status === 401) { signOut(); throw new Error("Uw aanmelding is verlopen."); }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const fields = body && body.errors ? " " + Object.entries(body.errors).map(([f, m]) => `${f}: ${m.join(", ")}`).join("; ") : "";
    throw new Error(((body && (body.detail || body.title)) || response.statusText) + fields);
  }
  return body;
}

// ---- live connection -------------------------------------------------------------------------------------

function setLive(state, text) {
  const el = $("#live");
  el.dataset.state = state;
  el.textContent = text;
}

async function connect() {
  if (app.connection) return;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/board", { accessTokenFactory: () => app.actor.token })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 15000])
    .build();
  connection.on("board", (m) => onBoardUpdate("verband", m));
  connection.on("expertteam", (m) => onBoardUpdate("expertteam", m));
  connection.on("case", onCaseUpdate);
  connection.on("presence", onPresence);
  connection.onreconnecting(() => setLive("reconnecting", "Verbinding verbroken, opnieuw verbinden…"));
  connection.onreconnected(async () => { setLive("live", "Live (hersteld)"); await subscribe(); });
  connection.onclose(() => { setLive("offline", "Geen live verbinding"); app.connection = null; setTimeout(startLive, 5000); });
  app.connection = connection;
  await connection.start();
  setLive("live", "Live");
}

async function startLive() {
  if (!app.actor) return;
  try { await connect(); await subscribe(); }
  catch { app.connection = null; setLive("offline", "Geen live verbinding"); setTimeout(startLive, 5000); }
}

// Subscribe first, then read the snapshot: an update that comes in between is either in the snapshot or newer.
async function subscribe() {
  if (!app.connection || app.connection.state !== "Connected" || !app.view) return;
  const v = app.view;
  if (v.kind === "verband") await app.connection.invoke("WatchVerband", v.key);
  if (v.kind === "expertteam") await app.connection.invoke("WatchExpertteam", v.key);
  if (v.kind === "case") {
    const viewers = await app.connection.invoke("JoinCase", v.key);
    if (app.presence.version === 0) { app.presence.viewers = viewers; renderPresence(); }
  }
  await reload();
}

async function onBoardUpdate(kind, m) {
  if (!app.view || app.view.kind !== kind || !app.board || m.group !== `${kind}:${app.view.key}`) return;
  if (m.version <= app.board.sequence) return;
  if (m.from !== app.board.sequence) return reload(); // a gap: read the board again
  const { op, change } = m.payload;
  const list = app.board.cases;
  if (kind === "verband") {
    if (op === "upsert") { upsert(list, change.summary, "id"); }
    if (op === "remove") { app.board.cases = list.filter((c) => c.id !== change.caseId); }
  } else {
    upsert(list, change.referred, "caseId");
  }
  app.board.sequence = m.version;
  renderBoard();
}

function upsert(list, item, key) {
  const i = list.findIndex((c) => c[key] === item[key]);
  if (i >= 0) list[i] = item; else list.push(item);
}

async function onCaseUpdate(m) {
  if (!app.view || app.view.kind !== "case" || !app.room || m.group !== `case:${app.view.key}`) return;
  if (m.version <= app.room.case.version) return;
  if (m.from !== app.room.case.version) return reload();
  app.room.case = m.payload.case;
  app.room.history.push(...m.payload.events);
  renderRoom();
}

function onPresence(m) {
  if (!app.view || app.view.kind !== "case" || m.group !== `case:${app.view.key}`) return;
  if (m.version <= app.presence.version) return;
  app.presence = { version: m.version, viewers: m.payload };
  renderPresence();
}

// ---- views -----------------------------------------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  if (!app.actor) return showSignIn();
  const [kind, ...rest] = hash.split("/");
  const key = decodeURIComponent(rest.join("/"));
  if (kind === "casus" && key) return show({ kind: "case", key });
  if (kind === "bord" && key) return show({ kind: "verband", key });
  if (kind === "expertteam" && key) return show({ kind: "expertteam", key });
  location.hash = home();
}

function home() {
  const org = app.actor.organisation;
  return org.startsWith("expertteam:") ? `#/expertteam/${encodeURIComponent(org.slice(11))}` : `#/bord/${encodeURIComponent(org)}`;
}

async function show(view) {
  if (app.view && app.view.kind === "case" && app.connection && app.connection.state === "Connected") {
    await app.connection.invoke("LeaveCase", app.view.key).catch(() => {});
  }
  app.view = view;
  app.board = null;
  app.room = null;
  app.presence = { version: 0, viewers: [] };
  $("#main").innerHTML = `<p class="muted">Laden…</p>`;
  if (app.connection && app.connection.state === "Connected") await subscribe().catch(showError);
  else await reload().catch(showError);
}

async function reload() {
  const v = app.view;
  try {
    if (v.kind === "verband") {
      const page = await api(`/api/v1/verbanden/${encodeURIComponent(v.key)}/cases?pageSize=200`);
      app.board = { sequence: page.sequence, cases: page.cases };
      renderBoard();
    } else if (v.kind === "expertteam") {
      const page = await api(`/api/v1/expertteams/${encodeURIComponent(v.key)}/cases?pageSize=200`);
      app.board = { sequence: page.sequence, cases: page.cases };
      renderBoard();
    } else {
      const [c, history] = await Promise.all([api(`/api/v1/cases/${v.key}`), api(`/api/v1/cases/${v.key}/history`)]);
      app.room = { ...(app.room || {}), case: c, history };
      renderRoom();
    }
  } catch (e) { showError(e); }
}

function showError(e) {
  $("#main").innerHTML = `<div class="panel"><p class="error">${esc(e.message)}</p><p><a href="${home()}">Terug naar mijn bord</a></p></div>`;
}

async function showSignIn() {
  $("#who").textContent = "";
  $("#main").innerHTML = `
    <form class="panel signin" id="signin">
      <h1>Aanmelden</h1>
      <p class="muted">Ontwikkelaanmelding: kies wie u bent en voor welke organisatie u werkt.</p>
      <label for="name">Naam</label><input id="name" name="name" required autocomplete="name">
      <label for="organisation">Organisatie</label>
      <select id="organisation" name="organisation" required></select>
      <p><button type="submit">Aanmelden</button></p>
      <p class="error" id="signin-error"></p>
    </form>`;
  let offer = { verbanden: [], expertteams: [] };
  try {
    const r = await fetch("/api/v1/dev/organisations");
    if (r.ok) offer = await r.json();
    else $("#signin-error").textContent = "Ontwikkelaanmelding staat uit: meld u aan via de identiteitsdienst van uw organisatie.";
  } catch { $("#signin-error").textContent = "De server is niet bereikbaar."; }
  $("#organisation").innerHTML =
    `<optgroup label="Samenwerkingsverbanden">${offer.verbanden.map((v) => `<option value="${esc(v.code)}">${esc(v.code)} · ${esc(v.name)}</option>`).join("")}</optgroup>` +
    `<optgroup label="Expertteams">${offer.expertteams.map((r) => `<option value="expertteam:${esc(r)}">Expertteam ${esc(r)}</option>`).join("")}</optgroup>`;
  $("#signin").addEventListener("submit", async (e) => {
    e.preventDefault();
    const organisation = $("#organisation").value;
    const role = organisation.startsWith("expertteam:") ? "expertteam" : "coordinator";
    const r = await fetch("/api/v1/dev/sign-in", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: $("#name").value.trim(), organisation, role }) });
    if (!r.ok) { $("#signin-error").textContent = "Aanmelden mislukt."; return; }
    app.actor = { name: $("#name").value.trim(), organisation, token: (await r.json()).token };
    sessionStorage.setItem("actor", JSON.stringify(app.actor));
    signedIn();
    location.hash = home();
  });
}

function signOut() {
  sessionStorage.removeItem("actor");
  location.hash = "";
  location.reload();
}

function signedIn() {
  $("#who").innerHTML = `${esc(app.actor.name)} · ${esc(app.actor.organisation)} · <a href="#" id="signout">afmelden</a>`;
  $("#signout").addEventListener("click", (e) => { e.preventDefault(); signOut(); });
  startLive();
}

function badges(c) {
  const out = [];
  if (c.zorgplichtDeadline) {
    const d = daysUntil(c.zorgplichtDeadline);
    const cls = c.zorgplichtBreached || d < 0 ? "red" : d <= 7 ? "amber" : "";
    out.push(`<span class="badge ${cls}" title="Zorgplicht tot ${fmtDate(c.zorgplichtDeadline)}">Zorgplicht ${d < 0 ? "verlopen" : d + " d"}</span>`);
  }
  if (c.outOfSchoolSince) {
    const weeks = Math.floor(-daysUntil(c.outOfSchoolSince) / 7);
    out.push(`<span class="badge ${c.thuiszitter ? "red" : weeks >= 2 ? "amber" : ""}">Thuis ${weeks} wk</span>`);
  }
  if (c.coordination && !ENDED.includes(c.coordination)) {
    const d = c.coordinationDeadline ? daysUntil(c.coordinationDeadline) : null;
    const escalated = c.coordination !== "Open";
    const cls = escalated || (d !== null && d < 0) ? "red" : d !== null && d <= 2 ? "amber" : "";
    out.push(`<span class="badge ${cls}">Afstemming: ${esc(RESOLUTION[c.coordination])}${d !== null ? ` (${d} d)` : ""}</span>`);
  }
  if (c.tlvEndDate) {
    const d = daysUntil(c.tlvEndDate);
    if (d <= 92) out.push(`<span class="badge ${d < 0 ? "red" : "amber"}">TLV tot ${fmtDate(c.tlvEndDate)}</span>`);
  }
  return out.join("");
}

function renderBoard() {
  const v = app.view;
  const isVerband = v.kind === "verband";
  const filter = app.filter.toLowerCase();
  const cases = app.board.cases.filter((c) => !filter || JSON.stringify(c).toLowerCase().includes(filter));
  const columns = isVerband
    ? STATES.map(([state, name]) => ({ name, items: cases.filter((c) => c.state === state) }))
    : ["Expertteam", "Onderwijsconsulent", "Agreed", "Closed", "Lapsed"].map((s) => ({ name: RESOLUTION[s], items: cases.filter((c) => c.resolutionState === s) }));
  $("#main").innerHTML = `
    <div class="toolbar">
      <h1>${isVerband ? "Bord " : "Expertteam "}${esc(v.key)}</h1>
      <input id="filter" type="search" placeholder="Filter (initialen, verband, status…)" aria-label="Filter" value="${esc(app.filter)}">
      <span class="muted" data-testid="total">${cases.length} ${cases.length === 1 ? "casus" : "casussen"}</span>
    </div>
    <div class="columns">${columns.map((col) => `
      <section class="column" data-testid="column" data-name="${esc(col.name)}">
        <h2>${esc(col.name)} <span class="count">${col.items.length}</span></h2>
        ${col.items.map((c) => isVerband ? card(c) : expertCard(c)).join("")}
      </section>`).join("")}
    </div>`;
  const input = $("#filter");
  input.addEventListener("input", () => { app.filter = input.value; renderBoard(); const again = $("#filter"); again.focus(); again.setSelectionRange(again.value.length, again.value.length); });
}

function card(c) {
  return `<a class="card" data-testid="card" data-case="${esc(c.id)}" href="#/casus/${esc(c.id)}">
    <div class="title">${esc(c.initials)} <span class="muted">(${c.birthYear})</span></div>
    <div class="meta">${esc(c.parties.filter((p) => p.kind === "Verband").map((p) => p.code).join(" · "))}${c.multiVerband ? " · meerdere verbanden" : ""}</div>
    <div class="badges">${badges(c)}</div></a>`;
}

function expertCard(c) {
  return `<a class="card" data-testid="card" data-case="${esc(c.caseId)}" href="#/casus/${esc(c.caseId)}">
    <div class="title">${esc(c.initials)} <span class="muted">(${c.birthYear})</span></div>
    <div class="meta">${esc(c.verbanden.join(" · "))}</div>
    <div class="badges"><span class="badge red">Verwezen ${fmtDate(c.referredAt)}</span>${c.onderwijsconsulentInvolved ? `<span class="badge red">Onderwijsconsulent</span>` : ""}</div></a>`;
}

function renderRoom() {
  const c = app.room.case;
  const r = c.resolution;
  const z = c.zorgplicht;
  $("#main").innerHTML = `
    <div class="room">
      <div>
        <section class="panel">
          <h1 data-testid="case-title">${esc(c.student.name)} <span class="muted">(${esc(c.student.dateOfBirth)})</span></h1>
          <p><strong data-testid="case-state">${esc(label(c.state))}</strong> · ${esc(c.sector)} · regie: <strong data-testid="lead">${esc(c.leadVerband || "–")}</strong> · versie ${c.version}</p>
          <div class="presence" data-testid="presence"></div>
        </section>
        ${r ? coordinationPanel(c, r) : ""}
        <section class="panel"><h2>Tijdlijn</h2><ol class="timeline" data-testid="timeline">
          ${app.room.history.slice().reverse().map((e) => `<li><div><strong title="${esc(e.what)}">${esc(EVENTS[e.what] || e.what)}</strong>${e.reason ? ` – ${esc(e.reason)}` : ""}</div>
            <div class="when">${fmtTime(e.at)} · ${esc(e.actor.name)} (${esc(e.actor.organisation)})</div></li>`).join("")}
        </ol></section>
      </div>
      <div>
        <section class="panel"><h2>Partijen</h2><table>${c.parties.map((p) => `<tr><td><strong>${esc(p.code)}</strong></td><td>${p.roles.map((x) => esc(ROLES[x] || x)).join(", ")}</td></tr>`).join("")}</table></section>
        <section class="panel"><h2>Termijnen</h2><table>
          ${z ? `<tr><td>Zorgplicht</td><td>${z.fulfilledOn ? "vervuld " + fmtDate(z.fulfilledOn) : `tot ${fmtDate(z.deadline)} (${daysUntil(z.deadline)} d)${z.breached ? " <span class='badge red'>verlopen</span>" : ""}`}</td></tr>` : ""}
          ${c.thuiszitter ? `<tr><td>Thuiszitter</td><td>sinds ${fmtDate(c.thuiszitter.since)}${c.thuiszitter.flagged ? " <span class='badge red'>onderwijsconsulent voorgesteld</span>" : ""}</td></tr>` : ""}
          ${c.currentTlv ? `<tr><td>TLV</td><td>${esc(c.currentTlv.schoolType)} ${esc(c.currentTlv.category || "")} van ${esc(c.currentTlv.issuedBy)}, tot ${fmtDate(c.currentTlv.endDate)}</td></tr>` : ""}
          ${!z && !c.thuiszitter && !c.currentTlv ? `<tr><td class="muted">Geen lopende termijnen</td></tr>` : ""}
        </table></section>
      </div>
    </div>`;
  renderPresence();
  wireCoordination(c, r);
}

function coordinationPanel(c, r) {
  const p = r.proposals[r.proposals.length - 1];
  const mine = r.requests.filter((q) => q.verband === app.actor.organisation).pop();
  // The same steps the server offers in permittedSteps (the case view, shared by everyone in the room, cannot carry
  // one caller's): acknowledge once, accept unless accepted, object unless objected.
  const open = !ENDED.includes(r.state) && mine && mine.state !== "Closed";
  return `<section class="panel" data-testid="coordination">
    <h2>Afstemming tussen verbanden <span class="badge ${ENDED.includes(r.state) ? "" : r.state === "Open" ? "amber" : "red"}" data-testid="coordination-state">${esc(RESOLUTION[r.state])}</span></h2>
    <p class="muted">Geopend ${fmtDate(r.openedAt)} door ${esc(r.openedBy)}: ${esc(r.reason)}. ${r.state === "Open" ? `Reageren vóór ${fmtDate(r.responseDeadline)}.` : ""}
      ${r.state === "Expertteam" ? `Expertteam ${esc(r.region)} tot ${fmtDate(r.expertteamDeadline)}.` : ""}</p>
    <table data-testid="requests">${r.requests.map((q) => `<tr data-verband="${esc(q.verband)}"><td><strong>${esc(q.verband)}</strong></td><td data-testid="request-state">${esc(REQUEST[q.state])}</td></tr>`).join("")}</table>
    ${p ? `<div class="proposal" data-testid="proposal" data-version="${p.version}">
      <strong>Voorstel ${p.version}</strong> <span class="muted">van ${esc(p.proposedBy)}</span>
      <div>Regie: <strong>${esc(p.regie)}</strong></div>
      <div>Betaling: ${p.payers.map((x) => `${esc(x.verband)} ${x.percent}% ${esc(COSTS[x.cost])}`).join("; ")}</div>
      ${p.school ? `<div>School: ${esc(p.school)}</div>` : ""}${p.placeBy ? `<div>Plaats uiterlijk: ${fmtDate(p.placeBy)}</div>` : ""}
    </div>` : ""}
    ${open ? `<div class="actions">
      ${mine.state === "Invited" ? `<button class="secondary" data-testid="acknowledge">Gezien</button>` : ""}
      ${mine.state !== "Agreed" ? `<button data-testid="accept">Akkoord met voorstel ${p.version}</button>` : ""}
      ${mine.state !== "Objected" ? `<button class="secondary" data-testid="object-open">Bezwaar…</button>` : ""}
    </div>
    <form data-testid="object-form" hidden><label for="reason">Waarom niet akkoord?</label><textarea id="reason" rows="3" required></textarea>
      <div class="actions"><button type="submit">Bezwaar indienen</button></div></form>` : ""}
    ${r.agreement ? `<p data-testid="agreement"><strong>Afgesproken</strong> (voorstel ${r.agreement.version}): regie ${esc(r.agreement.regie)}.
      ${r.state !== "Lapsed" ? "" : `<span class="badge red" data-testid="agreement-lapsed">Vervallen</span> Niet elk verband van deze afspraak is nog partij; tot een nieuwe afspraak geldt het beleid.`}</p>` : ""}
    <p class="error" data-testid="coordination-error"></p>
  </section>`;
}

function wireCoordination(c, r) {
  if (!r) return;
  const version = r.proposals[r.proposals.length - 1].version;
  const act = async (path, body) => {
    try { await api(`/api/v1/cases/${c.id}/coordination${path}`, { method: "POST", body: JSON.stringify(body || {}) }); }
    catch (e) { $("[data-testid=coordination-error]").textContent = e.message; }
  };
  $("[data-testid=acknowledge]")?.addEventListener("click", () => act("/acknowledge"));
  $("[data-testid=accept]")?.addEventListener("click", () => act(`/proposals/${version}/accept`));
  $("[data-testid=object-open]")?.addEventListener("click", () => { $("[data-testid=object-form]").hidden = false; $("#reason").focus(); });
  $("[data-testid=object-form]")?.addEventListener("submit", (e) => { e.preventDefault(); act(`/proposals/${version}/object`, { reason: $("#reason").value }); });
}

function renderPresence() {
  const el = $("[data-testid=presence]");
  if (!el) return;
  const viewers = app.presence.viewers;
  el.innerHTML = viewers.length ? `<span class="muted">Nu open bij:</span> ${viewers.map((v) => `<span>${esc(v.name)} · ${esc(v.organisation)}</span>`).join("")}` : "";
}

window.addEventListener("hashchange", route);
if (app.actor) signedIn();
route();
