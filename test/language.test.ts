import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, parseDocument } from "../server/src/engine";
import { IncrementalAnalyzer } from "../server/src/engine/incremental";
import { decideLanguage } from "../server/src/engine/language";

// Documents we wrote in each language. Only English is analysed; a document in another
// language gets one information finding and nothing else (no "missing residency term" for
// a French contract that has one).

const french = `# Contrat de services d'informatique en nuage

Article 1. Le prestataire s'engage à héberger les données du client dans des centres de données situés sur le territoire de l'Union européenne.

Article 2. Les données ne sont pas transférées vers un pays tiers sans l'accord écrit du client.

Article 3. À la fin du contrat, le prestataire restitue toutes les données au client dans un format ouvert et les supprime dans un délai de trente jours.
`;

const german = `# Rahmenvertrag über Cloud-Dienste

§ 1 Der Auftragnehmer speichert die Daten des Auftraggebers ausschließlich in Rechenzentren in der Europäischen Union.

§ 2 Eine Übermittlung der Daten in ein Drittland ist nicht gestattet, wenn der Auftraggeber nicht vorher zugestimmt hat.

§ 3 Nach dem Ende des Vertrags gibt der Auftragnehmer alle Daten zurück und löscht sie innerhalb von dreißig Tagen.
`;

const spanish = `# Contrato de servicios en la nube

Cláusula 1. El proveedor almacenará los datos del cliente en centros de datos situados en la Unión Europea.

Cláusula 2. Los datos no se transferirán a un tercer país sin el consentimiento previo del cliente, que debe constar por escrito.

Cláusula 3. Al final del contrato, el proveedor devolverá todos los datos al cliente y los borrará en un plazo de treinta días.
`;

const englishQuotingFrench = `---
kind: contract
---

# Hosting Agreement

1. The Supplier shall host the Customer Data in data centres located in the European Union.

2. The parties note that the French regulator describes the obligation as "l'obligation de conserver les données sur le territoire de l'Union européenne et de ne pas les transférer vers un pays tiers".

3. On termination, the Supplier shall return all Customer Data and delete its copies within thirty days.
`;

const findings = (text: string) => analyze(text).findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message }));

describe("documents in other languages", () => {
  for (const [name, text, language] of [
    ["French", french, "French"],
    ["German", german, "German"],
    ["Spanish", spanish, "Spanish"],
  ] as const) {
    test(`a ${name} contract gets one information finding and no missing-term or other findings`, () => {
      const found = findings(text);
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(found[0].rule, "document/unsupported-language");
      assert.equal(found[0].severity, "information");
      assert.match(found[0].message, new RegExp(`in ${language}`));
    });
  }

  test("a French contract declared as a contract still gets no missing-term finding", () => {
    const found = findings(`---\nkind: contract\n---\n\n${french}`);
    assert.deepEqual(found.map((f) => f.rule), ["document/unsupported-language"]);
  });

  test("an English contract that quotes a French sentence is analysed", () => {
    const a = analyze(englishQuotingFrench);
    assert.equal(a.language.language, "en");
    assert.ok(!a.findings.some((f) => f.rule === "document/unsupported-language"));
    assert.ok(a.findings.some((f) => f.category === "sovereignty"), "its residency clause is found");
  });

  test("a short English note is analysed, and so is a heading alone", () => {
    for (const text of ["# Exit plan\n\nThe supplier shall return the data.\n", "# Résumé\n", "Sources said the deal was close.\n"]) {
      assert.equal(analyze(text).language.analysed, true, text);
    }
    assert.ok(analyze("Sources said the deal was close.\n").findings.some((f) => f.category === "claim"));
  });

  test("a short French note of two sentences is recognised", () => {
    const note = "# Note\n\nLe ministère a signé le contrat avec le prestataire pour une durée de trois ans. Les données sont hébergées dans des centres en France et ne sont pas transférées.\n";
    assert.equal(decideLanguage(parseDocument(note)).language, "fr");
  });

  test("a short French or German contract (one paragraph, a few lines) is not analysed and gets no missing-term finding", () => {
    const short = [
      ["de", "Der Dienstleister verpflichtet sich, sämtliche Daten des Kunden ausschließlich in Deutschland zu speichern. Nach Vertragsende gibt er die Daten zurück und löscht sie binnen vier Wochen. Es gilt deutsches Recht."],
      ["de", "Vertrag. Die Daten werden in Deutschland gespeichert. Es gilt deutsches Recht."],
      ["fr", "Le fournisseur héberge les données à Lyon. Le droit français s'applique au contrat."],
      ["fr", "Contrat. Les données restent en France et ne sont pas transférées."],
    ] as const;
    for (const [language, body] of short) {
      const text = `---\nkind: contract\n---\n\n# Vertrag / Contrat\n\n${body}\n`;
      assert.equal(analyze(text).language.language, language, body);
      assert.deepEqual(findings(text).map((f) => f.rule), ["document/unsupported-language"], body);
    }
  });

  test("a short English contract naming a German paper or a French phrase is still analysed", () => {
    for (const text of [
      "The supplier shall keep the data in Germany, as Der Spiegel reported.\n",
      "The Supplier shall return the data at the end; this is the contrat de confiance.\n",
      "# Data residency\n\nData stays in the EU.\n",
    ]) {
      assert.equal(analyze(`---\nkind: contract\n---\n\n${text}`).language.analysed, true, text);
    }
  });

  test("front matter `lang:` decides over the words", () => {
    assert.equal(analyze(`---\nlang: en\n---\n\n${french}`).language.analysed, true);
    assert.equal(analyze(`---\nlang: de-CH\n---\n\n# Note\n\nThe supplier shall return the data.\n`).language.language, "de");
    assert.deepEqual(
      findings(`---\nlang: fr\n---\n\n# Note\n\nThe supplier shall return the data.\n`).map((f) => f.rule),
      ["document/unsupported-language"],
    );
  });

  test("typing French into an English contract: every keystroke's findings equal a full analysis, until it is not analysed", () => {
    const clause = "The Supplier shall provide the services with reasonable care and skill, and shall keep the data of the Customer in the European Union. ";
    const english = `# Hosting Agreement\n\n${clause.repeat(10)}\n\nLe prestataire`;
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(english);
    let text = english;
    let steps = 0;
    while (decideLanguage(parseDocument(text)).analysed && steps < 200) {
      text += " et les données sont dans le centre";
      const incremental = analyzer.analyze(text).findings.map((f) => `${f.rule}@${f.start}`);
      assert.deepEqual(incremental, analyze(text).findings.map((f) => `${f.rule}@${f.start}`), `after ${steps} additions`);
      steps++;
    }
    assert.ok(analyzer.counts.patched > 0, "typing in the English part was patched");
    assert.deepEqual(analyze(text).findings.map((f) => f.rule), ["document/unsupported-language"]);
    // And back: deleting the French makes it English again, analysed.
    assert.deepEqual(analyzer.analyze(english).findings.map((f) => f.rule), analyze(english).findings.map((f) => f.rule));
  });
});
