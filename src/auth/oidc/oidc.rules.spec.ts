import { describe, expect, it } from '@jest/globals';
import type { ClaimRule } from '#contracts';
import { claimValues, DEFAULT_RETURN_TO, emailOf, issuerProblem, matchRule, nameOf, safeReturnTo, scopesProblem } from './oidc.rules.js';

const rule = (claim: string, value: string, organisationId: string, over: Partial<ClaimRule> = {}): ClaimRule =>
  ({ claim, value, organisationId, role: 'member', createAccounts: false, ...over });

describe('where a sign-in may send the web client afterwards', () => {
  it('keeps paths of this site and refuses everything that leaves it', () => {
    expect(safeReturnTo('/insatser/ny?x=1#y')).toBe('/insatser/ny?x=1#y');
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', undefined, 42, '/a\nb', `/${'x'.repeat(200)}`, '/api/auth/logout', 'lagesbild']) {
      expect({ bad, to: safeReturnTo(bad) }).toEqual({ bad, to: DEFAULT_RETURN_TO });
    }
  });
});

describe('issuer and scopes', () => {
  it('takes https issuers, and plain http on this machine only', () => {
    expect(issuerProblem('https://login.microsoftonline.com/8f0e/v2.0')).toBeUndefined();
    expect(issuerProblem('http://127.0.0.1:4000')).toBeUndefined();
    expect(issuerProblem('http://localhost:4000/realms/kommun')).toBeUndefined();
    expect(issuerProblem('http://idp.kommun.se')).toMatch(/https/);
    expect(issuerProblem('https://user:pw@idp.kommun.se')).toMatch(/user name/);
    expect(issuerProblem('https://idp.kommun.se/?tenant=1')).toMatch(/query/);
    expect(issuerProblem('https://idp.kommun.se/.well-known/openid-configuration')).toMatch(/discovery/);
    expect(issuerProblem('idp.kommun.se')).toMatch(/absolute URL/);
  });

  it('needs openid among well-formed scopes', () => {
    expect(scopesProblem('openid email profile')).toBeUndefined();
    expect(scopesProblem('email profile')).toMatch(/openid/);
    expect(scopesProblem('openid  email')).toMatch(/single spaces/);
    expect(scopesProblem('openid "x"')).toMatch(/single spaces/);
  });
});

describe('claim mapping', () => {
  const claims = {
    sub: 's', groups: ['kommun-trygghet', 'alla'], department: 'Polisen', hd: 'lidkoping.se', staff: true, level: 3,
    realm_access: { roles: ['samordnare'] },
  };

  it('reads strings, numbers, booleans and lists, and dotted names into objects', () => {
    expect(claimValues(claims, 'groups')).toEqual(['kommun-trygghet', 'alla']);
    expect(claimValues(claims, 'department')).toEqual(['Polisen']);
    expect(claimValues(claims, 'staff')).toEqual(['true']);
    expect(claimValues(claims, 'level')).toEqual(['3']);
    expect(claimValues(claims, 'realm_access.roles')).toEqual(['samordnare']);
    expect(claimValues(claims, 'missing')).toEqual([]);
    expect(claimValues({ groups: [{ id: 1 }, null, 'a'] }, 'groups')).toEqual(['a']);
  });

  it('takes the first rule that matches, in the order the admin gave', () => {
    const rules = [rule('groups', 'polis', 'police'), rule('groups', 'kommun-trygghet', 'municipality', { role: 'coordinator' }), rule('groups', 'alla', 'other')];
    expect(matchRule(rules, claims)?.organisationId).toBe('municipality');
    expect(matchRule([rule('realm_access.roles', 'samordnare', 'm')], claims)?.organisationId).toBe('m');
    expect(matchRule([rule('department', 'polisen', 'police')], claims)).toBeUndefined(); // exact, case and all
  });

  it('matches `*` on any non-empty value and nothing on a missing claim', () => {
    expect(matchRule([rule('hd', '*', 'any')], claims)?.organisationId).toBe('any');
    expect(matchRule([rule('tenant', '*', 'any')], claims)).toBeUndefined();
    expect(matchRule([rule('hd', '*', 'any')], { hd: '' })).toBeUndefined();
    expect(matchRule([], claims)).toBeUndefined();
  });
});

describe('the new account', () => {
  it('takes the e-mail address from email, else from preferred_username or upn when they are one', () => {
    expect(emailOf({ email: ' Anna.Berg@Lidkoping.se ' })).toBe('anna.berg@lidkoping.se');
    expect(emailOf({ preferred_username: 'anna.berg@lidkoping.se' })).toBe('anna.berg@lidkoping.se');
    expect(emailOf({ preferred_username: 'anna.berg', upn: 'anna@kommun.se' })).toBe('anna@kommun.se');
    expect(emailOf({ email: 'not an address' })).toBeUndefined();
    expect(emailOf({})).toBeUndefined();
  });

  it('names it by the name claims, never with personal data the shared picture refuses', () => {
    expect(nameOf({ name: '  Anna   Berg ' }, 'a@b.se')).toBe('Anna Berg');
    expect(nameOf({ given_name: 'Anna', family_name: 'Berg' }, 'a@b.se')).toBe('Anna Berg');
    expect(nameOf({ name: 'anna.berg@lidkoping.se' }, 'anna.berg@lidkoping.se')).toBe('anna berg');
    expect(nameOf({}, 'anna.berg@lidkoping.se')).toBe('anna berg');
    expect(nameOf({ name: 'x'.repeat(300) }, 'a@b.se')).toHaveLength(200);
  });
});
