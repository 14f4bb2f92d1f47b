'use strict';
// Test fixture: a throw-away copy of the real project (force-app, sfdx-project.json, .prettierrc,
// .forceignore) in a temp dir. node_modules are not copied: the checks resolve their tools from
// this repository. The copy adds a small known-good class, test class and LWC (below) that tests
// break in controlled ways, and writes its own expected-components.json, derived from the copied
// files with a plain directory walk (an implementation independent of source-deploy-retrieve).
// Tests then break ONE thing in the copy.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const DEFAULT = 'force-app/main/default';
const CLASSES = `${DEFAULT}/classes`;
const LWC = `${DEFAULT}/lwc`;

const CLASS_META = `<?xml version="1.0" encoding="UTF-8" ?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

// Formatted with the project's .prettierrc; clean for PMD (no severity 1-2) and apex-ls. It
// references the package's own fields, so the semantic check must load the project schema.
const FIXTURE_CLASS = `/**
 * @description Known-good class for the package checks' own tests: reads ID mappings in user mode.
 * @group Package checks
 */
public with sharing class RoxFixture {
    /**
     * @description Returns the ID mappings of one Rox entity that the running user can see.
     * @param roxEntityId the Rox entity id
     * @return the matching ID mappings
     */
    public static List<ID_Mapping__c> mappingsFor(String roxEntityId) {
        return [
            SELECT Id, Salesforce_Record_Id__c
            FROM ID_Mapping__c
            WHERE Rox_Entity_Id__c = :roxEntityId
            WITH USER_MODE
            LIMIT 100
        ];
    }

    /**
     * @description Builds an unsaved task tagged with a Rox activity id.
     * @param roxActivityId the Rox activity id
     * @return the task
     */
    public static Task taskFor(String roxActivityId) {
        return new Task(Subject = 'Rox', RoxActivityId__c = roxActivityId);
    }
}
`;

const FIXTURE_TEST_CLASS = `/**
 * @description Tests for RoxFixture.
 * @group Package checks
 */
@IsTest(IsParallel=true)
private class RoxFixture_Tests {
    @IsTest
    static void taskForSetsTheRoxActivityId() {
        Task t = RoxFixture.taskFor('a1');
        System.Assert.areEqual('a1', t.RoxActivityId__c, 'the task carries the Rox activity id');
    }

    @IsTest
    static void mappingsForFindsNothingForAnUnknownEntity() {
        System.Assert.areEqual(0, RoxFixture.mappingsFor('unknown').size(), 'no mapping for an unknown entity');
    }
}
`;

const FIXTURE_LWC = {
  'roxFixture.js': `import { LightningElement, api } from 'lwc';

export default class RoxFixture extends LightningElement {
  @api label = 'Rox';
}
`,
  'roxFixture.html': `<template>
  <p>{label}</p>
</template>
`,
  'roxFixture.js-meta.xml': `<?xml version="1.0" encoding="UTF-8" ?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <isExposed>false</isExposed>
</LightningComponentBundle>
`,
};

// Source layout → package.xml type, for the metadata this package uses (and a few neighbours).
// A file matching none of these makes the fixture throw, so a new kind of metadata in force-app
// is noticed here rather than producing a wrong expected list.
const LAYOUT = [
  [/^objects\/([^/]+)\/\1\.object-meta\.xml$/, 'CustomObject', (m) => m[1]],
  [/^objects\/([^/]+)\/fields\/([^/]+)\.field-meta\.xml$/, 'CustomField', (m) => `${m[1]}.${m[2]}`],
  [/^objects\/([^/]+)\/listViews\/([^/]+)\.listView-meta\.xml$/, 'ListView', (m) => `${m[1]}.${m[2]}`],
  [
    /^objects\/([^/]+)\/validationRules\/([^/]+)\.validationRule-meta\.xml$/,
    'ValidationRule',
    (m) => `${m[1]}.${m[2]}`,
  ],
  [/^objects\/([^/]+)\/recordTypes\/([^/]+)\.recordType-meta\.xml$/, 'RecordType', (m) => `${m[1]}.${m[2]}`],
  [/^objects\/([^/]+)\/compactLayouts\/([^/]+)\.compactLayout-meta\.xml$/, 'CompactLayout', (m) => `${m[1]}.${m[2]}`],
  [/^permissionsets\/([^/]+)\.permissionset-meta\.xml$/, 'PermissionSet', (m) => m[1]],
  [/^permissionsetgroups\/([^/]+)\.permissionsetgroup-meta\.xml$/, 'PermissionSetGroup', (m) => m[1]],
  [/^customPermissions\/([^/]+)\.customPermission-meta\.xml$/, 'CustomPermission', (m) => m[1]],
  [/^tabs\/([^/]+)\.tab-meta\.xml$/, 'CustomTab', (m) => m[1]],
  [/^applications\/([^/]+)\.app-meta\.xml$/, 'CustomApplication', (m) => m[1]],
  [/^flexipages\/([^/]+)\.flexipage-meta\.xml$/, 'FlexiPage', (m) => m[1]],
  [/^layouts\/([^/]+)\.layout-meta\.xml$/, 'Layout', (m) => m[1]],
  [/^staticresources\/([^/]+)\.resource-meta\.xml$/, 'StaticResource', (m) => m[1]],
  [/^staticresources\/[^/]+\.(?!.*-meta\.xml$)[^/]+$/, null], // a resource's content file
  [/^classes\/([^/]+)\.cls-meta\.xml$/, 'ApexClass', (m) => m[1]],
  [/^classes\/[^/]+\.cls$/, null],
  [/^triggers\/([^/]+)\.trigger-meta\.xml$/, 'ApexTrigger', (m) => m[1]],
  [/^triggers\/[^/]+\.trigger$/, null],
  [/^lwc\/([^/_.][^/]*)\/\1\.js-meta\.xml$/, 'LightningComponentBundle', (m) => m[1]],
  [/^lwc\/[^/]+\/.+$/, null], // other files of a bundle, its __tests__, jsconfig.json
  [/^lwc\/[^/]+$/, null],
];

function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

/** { Type: [members] } for the files under force-app/main/default, by the LAYOUT table. */
function expectedFromTree(projectDir) {
  const root = path.join(projectDir, DEFAULT);
  const expected = {};
  for (const file of listFiles(root)) {
    // One file holds every Custom Label: it is a CustomLabels component and one CustomLabel per label.
    if (/^labels\/CustomLabels\.labels-meta\.xml$/.test(file)) {
      (expected.CustomLabels = expected.CustomLabels || []).push('CustomLabels');
      const xml = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of xml.matchAll(/<fullName>([^<]+)<\/fullName>/g)) (expected.CustomLabel = expected.CustomLabel || []).push(m[1]);
      continue;
    }
    const hit = LAYOUT.find(([re]) => re.test(file));
    if (!hit) {
      throw new Error(
        `fixture: no package.xml type known for force-app/main/default/${file}; extend LAYOUT in ${__filename}`,
      );
    }
    const [re, type, member] = hit;
    if (type) (expected[type] = expected[type] || []).push(member(file.match(re)));
  }
  for (const members of Object.values(expected)) members.sort();
  return expected;
}

/**
 * Make a fresh copy. Returns helpers to break it:
 *   p(rel) absolute path · read(rel) · write(rel, text) · edit(rel, fn) · remove(rel) · cleanup()
 *   fixtureClass(name, edit): a copy of RoxFixture named `name`, changed by `edit`; returns its path
 *   (so one copy can hold several breaks, each in a class of its own)
 */
function makeProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rox-pkgcheck-'));
  fs.cpSync(path.join(REPO, 'force-app'), path.join(dir, 'force-app'), { recursive: true });
  for (const f of ['sfdx-project.json', '.prettierrc', '.forceignore']) {
    if (fs.existsSync(path.join(REPO, f))) fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
  }
  const p = (rel) => path.join(dir, ...rel.split('/'));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(p(rel)), { recursive: true });
    fs.writeFileSync(p(rel), text);
  };
  write(`${CLASSES}/RoxFixture.cls`, FIXTURE_CLASS);
  write(`${CLASSES}/RoxFixture.cls-meta.xml`, CLASS_META);
  write(`${CLASSES}/RoxFixture_Tests.cls`, FIXTURE_TEST_CLASS);
  write(`${CLASSES}/RoxFixture_Tests.cls-meta.xml`, CLASS_META);
  for (const [name, text] of Object.entries(FIXTURE_LWC)) write(`${LWC}/roxFixture/${name}`, text);
  write('scripts/package-checks/expected-components.json', `${JSON.stringify(expectedFromTree(dir), null, 2)}\n`);

  return {
    dir,
    p,
    write,
    read: (rel) => fs.readFileSync(p(rel), 'utf8'),
    edit: (rel, fn) => write(rel, fn(fs.readFileSync(p(rel), 'utf8'))),
    remove: (rel) => fs.rmSync(p(rel), { recursive: true, force: true }),
    fixtureClass: (name, edit) => {
      const file = `${CLASSES}/${name}.cls`;
      write(file, edit(FIXTURE_CLASS.replace('class RoxFixture', `class ${name}`)));
      write(`${file}-meta.xml`, CLASS_META);
      return file;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

module.exports = { makeProject, expectedFromTree, REPO, DEFAULT, CLASSES, LWC, CLASS_META, FIXTURE_CLASS };
