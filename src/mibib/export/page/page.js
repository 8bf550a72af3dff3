/* mibib export html: facet filters, search, a per-year chart and BibTeX buttons
   over the list rendered in the page. The filter state lives in the URL's hash. */
"use strict";
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  new Page(JSON.parse(document.getElementById("mibib-data").textContent)).start();
});

const LABEL_WIDTH = 40; // px a year label under the chart needs

/* The search rule of `mibib search` (mibib/features/words.py): text is NFKD-normalised,
   combining marks dropped and case-folded; words are runs of letters and digits. A
   query word matches a word of the paper that starts with it, or, from five letters
   on, a word one typo away (one edit, a swap of neighbours being one; two edits from
   nine letters on: the page's data gives these lengths, from words.py). A paper is
   shown when every query word matches a word of its title, authors or TL;DRs. */
const Search = {
  fold(text) {
    // Upper then lower case: a JavaScript stand-in for Unicode case folding ("ß" -> "ss").
    return text.normalize("NFKD").replace(/\p{M}+/gu, "").toUpperCase().toLowerCase();
  },
  words(text) {
    return Search.fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  },
};

/* The papers' words, each numbered once: a paper is the set of its word numbers, so a
   query word is looked up once in the vocabulary (prefixes, typos) and then checked
   against each paper as a number. */
class WordIndex {
  constructor(texts, typos) {
    this.typos = typos; // {from, twoFrom}: the query word lengths that allow one, two
    const numbers = new Map();
    this.vocabulary = [];
    this.papers = texts.map((text) => {
      const own = new Set();
      for (const word of Search.words(text)) {
        let number = numbers.get(word);
        if (number === undefined) {
          number = this.vocabulary.length;
          numbers.set(word, number);
          this.vocabulary.push(word);
        }
        own.add(number);
      }
      return Int32Array.from(own);
    });
    this.sorted = this.vocabulary.map((_, n) => n);
    this.sorted.sort((a, b) => compare(this.vocabulary[a], this.vocabulary[b]));
    this.byLength = new Map();
    this.vocabulary.forEach((word, n) => {
      const length = [...word].length;
      if (!this.byLength.has(length)) this.byLength.set(length, []);
      this.byLength.get(length).push(n);
    });
    this.found = new Map(); // query word -> its mask, for the next keystroke
  }

  /* A mask over the vocabulary: the words `word` (folded) matches. */
  matching(word) {
    let mask = this.found.get(word);
    if (mask) return mask;
    mask = new Uint8Array(this.vocabulary.length);
    const { vocabulary, sorted } = this;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(vocabulary[sorted[middle]], word) < 0) low = middle + 1;
      else high = middle;
    }
    for (let k = low; k < sorted.length && vocabulary[sorted[k]].startsWith(word); k++) {
      mask[sorted[k]] = 1;
    }
    const query = [...word];
    const letters = query.length;
    const typos = letters >= this.typos.twoFrom ? 2 : letters >= this.typos.from ? 1 : 0;
    if (typos) {
      for (let length = letters - typos; length <= letters + typos; length++) {
        for (const n of this.byLength.get(length) ?? []) {
          if (!mask[n] && editDistance(query, [...vocabulary[n]], typos) <= typos) mask[n] = 1;
        }
      }
    }
    if (this.found.size > 64) this.found.clear();
    this.found.set(word, mask);
    return mask;
  }

  /* Whether paper i holds a word of each mask. */
  holds(i, masks) {
    const words = this.papers[i];
    for (const mask of masks) {
      let hit = false;
      for (let k = 0; k < words.length; k++) {
        if (mask[words[k]]) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    return true;
  }
}

/* Optimal string alignment distance (edits, a swap of neighbours being one), as
   rapidfuzz's OSA counts it for `mibib search`; anything over `most` is most + 1. */
function editDistance(a, b, most) {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, before[j - 2] + 1);
      }
      row.push(best);
      least = Math.min(least, best);
    }
    if (least > most) return most + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/* data: {facets: [{name, nodes: [{key, parent}]}], sections (the facet whose tags are
   the sections), typos (see WordIndex), keys, years, tags, texts}: one list per
   property, entry i being item i of each; tags[i][f] are node numbers. Entry i's
   BibTeX is the i-th <pre> of the <template id="mibib-bibtex">. */
class Page {
  constructor(data) {
    const facets = data.facets;
    this.facets = facets;
    this.data = data;
    this.count = data.keys.length;
    this.categoryFacet = facets.findIndex((facet) => facet.name === data.sections);
    this.keyToNode = facets.map((facet) => new Map(facet.nodes.map((node, n) => [node.key, n])));
    // Each node and the nodes below it, as CLI filters expand a tag to its descendants.
    this.below = facets.map((facet) => {
      const below = facet.nodes.map((_, n) => [n]);
      facet.nodes.forEach((node, n) => {
        for (let up = node.parent; up >= 0; up = facet.nodes[up].parent) below[up].push(n);
      });
      return below;
    });
    // Each paper's tags with their ancestors: the nodes whose counts it adds to.
    this.counted = facets.map((facet, f) =>
      data.tags.map((tags) => {
        const nodes = new Set();
        for (const tag of tags[f]) {
          for (let n = tag; n >= 0 && !nodes.has(n); n = facet.nodes[n].parent) nodes.add(n);
        }
        return Int32Array.from(nodes);
      }),
    );
    this.words = new WordIndex(data.texts, data.typos);
    const years = data.years.filter((year) => year !== null);
    this.firstYear = years.length ? Math.min(...years) : null;
    this.lastYear = years.length ? Math.max(...years) : null;
    this.state = this.emptyState();
    this.shown = new Uint8Array(this.count);
    this.typing = false;
  }

  emptyState() {
    return { q: "", years: null, selected: this.facets.map(() => new Set()) };
  }

  start() {
    this.collectElements();
    this.buildChart();
    this.listen();
    this.readHash();
    this.apply();
    document.getElementById("chart-figure").hidden = this.firstYear === null;
    this.labelChart();
    if (window.matchMedia("(max-width: 48rem)").matches) {
      document.getElementById("filters").open = false;
    }
  }

  collectElements() {
    this.form = document.getElementById("filter-form");
    this.query = document.getElementById("q");
    this.yearFrom = document.getElementById("year-from");
    this.yearTo = document.getElementById("year-to");
    for (const input of [this.yearFrom, this.yearTo]) {
      if (this.firstYear !== null) {
        input.min = this.firstYear;
        input.max = this.lastYear;
      }
    }
    this.yearFrom.placeholder = this.firstYear ?? "";
    this.yearTo.placeholder = this.lastYear ?? "";
    this.boxes = Array.from(this.form.querySelectorAll("input[type=checkbox][data-f]"));
    this.countLabels = this.facets.map((facet) => new Array(facet.nodes.length).fill(null));
    for (const box of this.boxes) {
      const label = box.parentElement.querySelector(".count");
      this.countLabels[+box.dataset.f][+box.dataset.n] = { label, box, text: "" };
    }
    // Sections in document order, parents before children, each with its own rows.
    const categories = this.facets[this.categoryFacet]?.nodes ?? [];
    const sectionOfNode = new Map();
    this.sections = Array.from(document.querySelectorAll("section.category"), (element, s) => {
      const node = this.keyToNode[this.categoryFacet]?.get(element.dataset.category) ?? -1;
      sectionOfNode.set(node, s);
      let parent = -1;
      for (let up = node >= 0 ? categories[node].parent : -1; up >= 0 && parent < 0; ) {
        parent = sectionOfNode.get(up) ?? -1;
        up = categories[up].parent;
      }
      return { element, node, parent, shown: true, lists: [] };
    });
    // A section's rows come in several lists (see ROWS_PER_LIST in html.py).
    for (const section of this.sections) {
      section.lists = Array.from(section.element.querySelectorAll(":scope > ol.papers"), (list) => ({
        element: list,
        shown: true,
        rows: Array.from(list.children, (element) => ({
          element,
          paper: +element.dataset.i,
          shown: true,
        })),
      }));
    }
    this.status = document.getElementById("status");
    this.nothing = document.getElementById("nothing");
    this.announcer = document.getElementById("announce");
    this.inUse = document.getElementById("filters-in-use");
  }

  listen() {
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.query.addEventListener("focus", () => (this.typing = false));
    this.query.addEventListener("input", () => {
      this.state.q = this.query.value;
      this.changed(true);
    });
    for (const input of [this.yearFrom, this.yearTo]) {
      input.addEventListener("change", () => {
        this.state.years = this.readYearInputs();
        this.changed(false);
      });
    }
    for (const box of this.boxes) {
      box.addEventListener("change", () => {
        const selected = this.state.selected[+box.dataset.f];
        if (box.checked) selected.add(+box.dataset.n);
        else selected.delete(+box.dataset.n);
        this.changed(false);
      });
    }
    for (const button of document.querySelectorAll("button.clear")) {
      button.addEventListener("click", () => {
        this.state = this.emptyState();
        this.syncControls();
        this.changed(false);
        // The button under "No paper matches" goes with the message: focus the list.
        if (this.nothing.contains(button)) document.getElementById("papers").focus();
      });
    }
    const chart = document.getElementById("chart");
    chart.addEventListener("click", (event) => {
      const bar = event.target.closest("button[data-year]");
      if (!bar) return;
      this.focusBar(bar);
      const year = +bar.dataset.year;
      const only = this.state.years && this.state.years[0] === year && this.state.years[1] === year;
      this.state.years = only ? null : [year, year];
      this.syncControls();
      this.changed(false);
    });
    chart.addEventListener("keydown", (event) => this.moveInChart(event));
    document.getElementById("papers").addEventListener("click", (event) => {
      const button = event.target.closest("button.copy");
      if (button) this.copyBibtex(button);
    });
    const dialog = document.getElementById("bibtex-dialog");
    dialog.querySelector("button.close").addEventListener("click", () => dialog.close());
    window.addEventListener("resize", () => this.labelChart());
    window.addEventListener("popstate", () => this.fromHistory());
    window.addEventListener("hashchange", () => this.fromHistory());
  }

  /* Back, forward or an edited address: the view the hash names (once, as going back
     fires both popstate and hashchange). */
  fromHistory() {
    if (location.hash === this.appliedHash) return;
    this.typing = false;
    this.readHash();
    this.apply();
  }

  /* A filter changed: show the result, then record it in the URL. Typing replaces the
     entry it started, so the back button skips keystrokes, not searches. */
  changed(typing) {
    this.apply();
    const hash = this.hash();
    if (hash === location.hash || (hash === "" && location.hash === "#")) return;
    const url = location.href.split("#")[0] + hash;
    if (typing && this.typing) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
    this.appliedHash = location.hash;
    this.typing = typing;
  }

  /* How many filters narrow the list: each ticked box, the years, the search. */
  filtersInUse() {
    let inUse = (Search.words(this.state.q).length ? 1 : 0) + (this.state.years ? 1 : 0);
    for (const selected of this.state.selected) inUse += selected.size;
    return inUse;
  }

  /* #category=superposition,circuits&technique=probing&year=2021-2024&q=toy */
  hash() {
    const parts = [];
    this.facets.forEach((facet, f) => {
      const keys = Array.from(this.state.selected[f]).sort((a, b) => a - b);
      if (keys.length) {
        parts.push(facet.name + "=" + keys.map((n) => encode(facet.nodes[n].key)).join(","));
      }
    });
    if (this.state.years) {
      const [low, high] = this.state.years;
      parts.push("year=" + (low === high ? low : (low ?? "") + "-" + (high ?? "")));
    }
    if (this.state.q.trim()) parts.push("q=" + encode(this.state.q.trim()));
    return parts.length ? "#" + parts.join("&") : "";
  }

  readHash() {
    const state = this.emptyState();
    for (const part of location.hash.replace(/^#/, "").split("&")) {
      const split = part.indexOf("=");
      if (split < 0) continue;
      const name = decode(part.slice(0, split));
      const value = decode(part.slice(split + 1));
      const f = this.facets.findIndex((facet) => facet.name === name);
      if (f >= 0) {
        for (const key of value.split(",")) {
          const n = this.keyToNode[f].get(key.trim());
          if (n !== undefined) state.selected[f].add(n);
        }
      } else if (name === "year") {
        state.years = parseYears(value);
      } else if (name === "q") {
        state.q = value;
      }
    }
    this.state = state;
    this.appliedHash = location.hash;
    this.syncControls();
  }

  /* The years typed, four digits each as the address and `mibib list --year` take them
     (a view the address could not give back would be lost on reload). */
  readYearInputs() {
    const read = (input) => (/^\d{4}$/.test(input.value.trim()) ? +input.value : null);
    let low = read(this.yearFrom);
    let high = read(this.yearTo);
    if (low === null && high === null) return null;
    if (low !== null && high !== null && low > high) [low, high] = [high, low];
    return [low, high];
  }

  syncControls() {
    if (this.query.value !== this.state.q) this.query.value = this.state.q;
    const [low, high] = this.state.years || [null, null];
    this.yearFrom.value = low ?? "";
    this.yearTo.value = high ?? "";
    for (const box of this.boxes) {
      box.checked = this.state.selected[+box.dataset.f].has(+box.dataset.n);
    }
  }

  /* Show the rows that pass every filter; update counts, sections, status and chart. */
  apply() {
    const { facets, shown } = this;
    const { years: paperYears, tags: paperTags } = this.data;
    const queryMasks = Array.from(new Set(Search.words(this.state.q)), (word) =>
      this.words.matching(word),
    );
    const years = this.state.years;
    const wanted = facets.map((facet, f) => {
      if (!this.state.selected[f].size) return null;
      const mask = new Uint8Array(facet.nodes.length);
      for (const n of this.state.selected[f]) for (const m of this.below[f][n]) mask[m] = 1;
      return mask;
    });
    // Counts per facet of the papers passing every other filter: what ticking a box adds.
    // The chart counts likewise the papers passing every filter but the years.
    const counts = facets.map((facet) => new Int32Array(facet.nodes.length));
    const perYear = new Map();
    let total = 0;
    for (let i = 0; i < this.count; i++) {
      const year = paperYears[i];
      shown[i] = 0;
      if (queryMasks.length && !this.words.holds(i, queryMasks)) continue;
      const inYears =
        years === null ||
        (year !== null && (years[0] === null || year >= years[0]) &&
          (years[1] === null || year <= years[1]));
      let failed = -1;
      let failures = 0;
      for (let f = 0; f < facets.length && failures < 2; f++) {
        const mask = wanted[f];
        if (mask === null) continue;
        let hit = false;
        for (const tag of paperTags[i][f]) {
          if (mask[tag]) {
            hit = true;
            break;
          }
        }
        if (!hit) {
          failures++;
          failed = f;
        }
      }
      if (failures === 0) {
        if (year !== null) perYear.set(year, (perYear.get(year) || 0) + 1);
        if (!inYears) continue;
        shown[i] = 1;
        total++;
        for (let f = 0; f < facets.length; f++) addCounts(counts[f], this.counted[f][i]);
      } else if (failures === 1 && inYears) {
        addCounts(counts[failed], this.counted[failed][i]);
      }
    }
    this.showRows(wanted[this.categoryFacet] ?? null);
    this.showCounts(counts);
    this.showChart(perYear);
    const all = counted(this.count, "paper");
    this.status.textContent = total === this.count ? all : `Showing ${number(total)} of ${all}`;
    this.nothing.hidden = total > 0;
    const inUse = this.filtersInUse();
    this.inUse.textContent = inUse ? ` (${inUse} in use)` : "";
  }

  /* A row shows when its paper passes; with categories chosen, only in their sections.
     A list shows when one of its rows does, a section when a row in it or below it
     does: an empty list left on the page would count as on screen, and the browser
     would lay out every row put back in it. Lists and sections are put out of the
     way (class "out": skipped, as hidden, but their layout kept) rather than hidden,
     so showing them again costs little. The rows of a section put out are left as
     they were (nobody sees them), as fewer changes to the page is what keeps
     filtering thousands of rows fast; they are updated when it shows again. */
  showRows(categoryMask) {
    const sections = this.sections;
    const chosen = sections.map(
      (section) =>
        categoryMask === null || (section.node >= 0 && categoryMask[section.node] === 1),
    );
    const visible = new Int32Array(sections.length);
    sections.forEach((section, s) => {
      if (!chosen[s]) return;
      for (const list of section.lists) {
        for (const row of list.rows) visible[s] += this.shown[row.paper];
      }
    });
    for (let s = sections.length - 1; s >= 0; s--) {
      if (sections[s].parent >= 0) visible[sections[s].parent] += visible[s];
    }
    sections.forEach((section, s) => {
      const show = visible[s] > 0;
      if (show !== section.shown) {
        section.shown = show;
        section.element.classList.toggle("out", !show);
      }
      if (!show) return;
      for (const list of section.lists) {
        let any = false;
        for (const row of list.rows) {
          const shown = chosen[s] && this.shown[row.paper] === 1;
          any ||= shown;
          if (shown !== row.shown) {
            row.shown = shown;
            row.element.hidden = !shown;
          }
        }
        if (any !== list.shown) {
          list.shown = any;
          list.element.classList.toggle("out", !any);
        }
      }
    });
  }

  showCounts(counts) {
    counts.forEach((facetCounts, f) => {
      this.countLabels[f].forEach((entry, n) => {
        if (!entry) return;
        const text = String(facetCounts[n]);
        if (entry.text !== text) {
          entry.text = text;
          entry.label.textContent = text;
          entry.box.parentElement.classList.toggle("none", facetCounts[n] === 0);
        }
      });
    });
  }

  buildChart() {
    this.bars = new Map();
    if (this.firstYear === null) return;
    const chart = document.getElementById("chart");
    for (let year = this.firstYear; year <= this.lastYear; year++) {
      const bar = document.createElement("button");
      bar.type = "button";
      bar.className = "bar";
      bar.dataset.year = year;
      bar.tabIndex = year === this.lastYear ? 0 : -1;
      const track = document.createElement("span");
      track.className = "track";
      const fill = document.createElement("span");
      fill.className = "fill";
      track.append(fill);
      const label = document.createElement("span");
      label.className = "label";
      label.setAttribute("aria-hidden", "true");
      bar.append(track, label);
      chart.append(bar);
      this.bars.set(year, { bar, fill, label, text: "" });
    }
  }

  /* The chart is one stop of the Tab key, as forty years would be forty stops: the
     arrow keys, Home and End move between its bars. */
  moveInChart(event) {
    const bars = Array.from(this.bars.values(), (entry) => entry.bar);
    const at = bars.indexOf(document.activeElement);
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: bars.length - 1 }[event.key];
    if (at < 0 || to === undefined || to < 0 || to >= bars.length) return;
    event.preventDefault();
    this.focusBar(bars[to]);
  }

  focusBar(bar) {
    for (const entry of this.bars.values()) entry.bar.tabIndex = entry.bar === bar ? 0 : -1;
    bar.focus();
  }

  /* Year labels under the bars, as many as fit: every year, else every 2, 5, 10... */
  labelChart() {
    if (!this.bars.size) return;
    const width = this.bars.get(this.firstYear).bar.getBoundingClientRect().width + 2;
    const every = [1, 2, 5, 10, 20, 50, 100].find((step) => step * width >= LABEL_WIDTH) ?? 100;
    for (const [year, entry] of this.bars) {
      entry.label.textContent = year % every === 0 || this.bars.size === 1 ? String(year) : "";
    }
  }

  /* Each year's bar: the papers passing every other filter; those outside the chosen
     years are dimmed (not shown), so the chart still tells where to widen the range. */
  showChart(perYear) {
    let most = 1;
    for (const count of perYear.values()) most = Math.max(most, count);
    const [low, high] = this.state.years || [null, null];
    for (const [year, entry] of this.bars) {
      const count = perYear.get(year) || 0;
      const outside = (low !== null && year < low) || (high !== null && year > high);
      entry.fill.style.height = `${(100 * count) / most}%`;
      entry.fill.classList.toggle("empty", count === 0);
      entry.bar.classList.toggle("outside", outside);
      const text =
        `${year}: ${counted(count, "paper")}` + (outside ? ", outside the years chosen" : "");
      if (entry.text !== text) {
        entry.text = text;
        entry.bar.setAttribute("aria-label", text);
        entry.bar.title = text;
      }
      const chosen = low !== null && low === high && year === low;
      entry.bar.setAttribute("aria-pressed", String(chosen));
    }
  }

  copyBibtex(button) {
    const i = +button.closest("li[data-i]").dataset.i;
    const key = this.data.keys[i];
    const bibtex = document.getElementById("mibib-bibtex").content.children[i].textContent;
    const copied = () => {
      this.announce(`Copied the BibTeX of ${key}.`);
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = "BibTeX"), 1500);
    };
    const show = () => this.showBibtex(key, bibtex);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(bibtex).then(copied, show);
    } else {
      show();
    }
  }

  /* Where the clipboard is out of reach: the entry selected in a dialog, to copy by hand. */
  showBibtex(key, bibtex) {
    const dialog = document.getElementById("bibtex-dialog");
    const text = document.getElementById("bibtex-text");
    document.getElementById("bibtex-label").textContent =
      `BibTeX of ${key}, selected: copy it with Ctrl+C (⌘C on a Mac)`;
    text.value = bibtex;
    text.rows = Math.min(Math.max(bibtex.split("\n").length, 4), 20);
    dialog.showModal();
    text.select();
    text.scrollTop = 0;
    text.scrollLeft = 0;
  }

  announce(message) {
    this.announcer.textContent = "";
    this.announcer.textContent = message;
  }
}

function addCounts(counts, nodes) {
  for (let k = 0; k < nodes.length; k++) counts[nodes[k]]++;
}

/* `2023`, `2021-2024`, `2021..2024`, `2021-`, `-2020` as `mibib list --year` reads them. */
function parseYears(text) {
  const match = /^\s*(\d{4})?\s*(?:(-|\.\.)\s*(\d{4})?)?\s*$/.exec(text);
  if (!match || !(match[1] || match[3])) return null;
  const low = match[1] ? +match[1] : null;
  const high = match[3] ? +match[3] : match[2] ? null : low;
  if (low !== null && high !== null && low > high) return [high, low];
  return [low, high];
}

/* "1 paper", "1,234 papers" */
function counted(count, word) {
  return `${number(count)} ${count === 1 ? word : word + "s"}`;
}

function number(count) {
  return count.toLocaleString("en-US");
}

function encode(text) {
  return encodeURIComponent(text);
}

function decode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
