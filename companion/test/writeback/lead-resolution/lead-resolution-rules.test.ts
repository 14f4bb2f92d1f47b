import {
  companyFromDomain,
  emailKey,
  emailProblem,
  isFreeMailDomain,
  leadDraft,
  namesFromLocalPart,
  splitName,
} from '../../../src/writeback/lead-resolution/lead-resolution-email.js';
import {
  compareCandidates,
  inQueries,
  MAX_ENCODED_SOQL,
  MAX_IN_VALUES,
  pick,
  soqlString,
} from '../../../src/writeback/lead-resolution/lead-resolution-lookup.js';

describe('email normalisation and validation', () => {
  it('compares emails trimmed and lower-cased', () => {
    expect(emailKey('  Jane.Doe@ACME.com ')).toBe('jane.doe@acme.com');
    expect(emailKey(undefined)).toBe('');
  });

  it.each(['jane@acme.com', "o'brien@acme.co.uk", 'a+tag@sub.acme-corp.io'])('accepts %s', (email) => {
    expect(emailProblem(email)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['jane', /"@"/],
    ['@acme.com', /"@"/],
    ['jane@', /"@"/],
    ['jane@localhost', /host name/],
    ['jane@acme..com', /host name/],
    ['jane@-acme.com', /host name/],
    ['jane@acme.c0m', /host name/],
    ['.jane@acme.com', /before "@"/],
    ['ja..ne@acme.com', /before "@"/],
    ['ja ne@acme.com', /before "@"/],
    [`${'a'.repeat(72)}@acme.com`, /longer than 80/],
  ])('rejects %j', (email, message) => {
    expect(emailProblem(email)).toMatch(message);
  });
});

describe('derived Lead values', () => {
  it('splits given names', () => {
    expect(splitName('Jane Q.  Doe')).toEqual({ firstName: 'Jane Q.', lastName: 'Doe' });
    expect(splitName('Doe, Jane')).toEqual({ firstName: 'Jane', lastName: 'Doe' });
    expect(splitName('Cher')).toEqual({ lastName: 'Cher' });
  });

  it('derives names from the local part, dropping a +tag', () => {
    expect(namesFromLocalPart('jane.doe+news')).toEqual({ firstName: 'Jane', lastName: 'Doe' });
    expect(namesFromLocalPart('jdoe')).toEqual({ lastName: 'Jdoe' });
    expect(namesFromLocalPart('mary_ann-van.dyke')).toEqual({ firstName: 'Mary', lastName: 'Ann Van Dyke' });
    expect(namesFromLocalPart('__')).toEqual({ lastName: '__' });
  });

  it('derives the company from the registrable label of the domain', () => {
    expect(companyFromDomain('acme.com')).toBe('Acme');
    expect(companyFromDomain('mail.acme-corp.co.uk')).toBe('Acme Corp');
    expect(companyFromDomain('eu.globex.io')).toBe('Globex');
  });

  it('recognises free-mail domains, including country variants', () => {
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('yahoo.co.uk')).toBe(true);
    expect(isFreeMailDomain('hotmail.fr')).toBe(true);
    expect(isFreeMailDomain('live.acme.com')).toBe(false);
    expect(isFreeMailDomain('acme.com')).toBe(false);
  });

  it('uses the person name as Company on a free-mail domain', () => {
    const d = leadDraft({ email: 'jane.doe@gmail.com' }, { createMissing: true });
    expect(d.values).toEqual({ FirstName: 'Jane', LastName: 'Doe', Company: 'Jane Doe', Email: 'jane.doe@gmail.com' });
    expect(d.detail).toMatch(/free-mail/);
  });

  it('layers derived < static < leadSource < given < Email', () => {
    const d = leadDraft(
      { email: 'jdoe@acme.com', name: 'Janet Doe-Smith', company: 'Acme Holdings' },
      {
        createMissing: true,
        leadSource: 'Web',
        staticLeadValues: { LeadSource: 'Other', Company: 'Static Co', Status: 'Working - Contacted', Email: 'x@y.z' },
      },
    );
    expect(d.values).toEqual({
      FirstName: 'Janet',
      LastName: 'Doe-Smith',
      Company: 'Acme Holdings',
      LeadSource: 'Web',
      Status: 'Working - Contacted',
      Email: 'jdoe@acme.com',
    });
    const s = leadDraft(
      { email: 'jdoe@acme.com' },
      { createMissing: true, staticLeadValues: { Company: 'Static Co' } },
    );
    expect(s.values.Company).toBe('Static Co');
    expect(s.detail).toMatch(/static/);
  });

  it('a given single name replaces both derived names', () => {
    const d = leadDraft({ email: 'jane.doe@acme.com', name: 'Cher' }, { createMissing: true });
    expect(d.values).toEqual({ LastName: 'Cher', Company: 'Acme', Email: 'jane.doe@acme.com' });
  });

  it('cuts derived values to the Lead field lengths', () => {
    const d = leadDraft({ email: 'x@acme.com', name: `${'F'.repeat(50)} ${'L'.repeat(90)}` }, { createMissing: true });
    expect(String(d.values.FirstName)).toHaveLength(40);
    expect(String(d.values.LastName)).toHaveLength(80);
  });
});

describe('query building and tie-break', () => {
  it('escapes SOQL string literals', () => {
    expect(soqlString("o'brien@acme.com")).toBe("'o\\'brien@acme.com'");
    expect(soqlString('a\\b')).toBe("'a\\\\b'");
  });

  it('chunks IN lists by count and by URL-encoded length', () => {
    const head = 'SELECT Id FROM Contact WHERE Email';
    const short = Array.from({ length: 600 }, (_, i) => `p${i}@a.io`);
    const byCount = inQueries(head, short);
    expect(byCount).toHaveLength(Math.ceil(600 / MAX_IN_VALUES));
    expect(byCount.join(',').match(/@/g)).toHaveLength(600);

    const long = Array.from({ length: 600 }, (_, i) => `${'x'.repeat(60)}${i}@example-domain.com`);
    const byLength = inQueries(head, long);
    expect(byLength.length).toBeGreaterThan(Math.ceil(600 / MAX_IN_VALUES));
    for (const q of byLength) expect(encodeURIComponent(q).length).toBeLessThanOrEqual(MAX_ENCODED_SOQL);
    expect(byLength.join(',').match(/@/g)).toHaveLength(600);
    expect(inQueries(head, [])).toEqual([]);
  });

  it('prefers the most recently modified, then the lowest Id', () => {
    const a = { Id: '003000000000002AAA', LastModifiedDate: '2024-05-01T10:00:00.000+0000' };
    const b = { Id: '003000000000001AAA', LastModifiedDate: '2024-05-01T10:00:00.000+0000' };
    const c = { Id: '003000000000009AAA', LastModifiedDate: '2024-05-02T09:00:00.000+0000' };
    expect([a, b, c].sort(compareCandidates).map((r) => r.Id)).toEqual([c.Id, b.Id, a.Id]);
    expect(pick([a, b], 'Contact', 'Contacts')).toEqual({
      row: b,
      why: 'lowest Id of the most recently modified among 2 Contacts',
    });
    expect(pick([a, c], 'Contact', 'Contacts')?.why).toBe('most recently modified of 2 Contacts');
    expect(pick([], 'Contact', 'Contacts')).toBeUndefined();
  });
});
