/**
 * Test and benchmark controls over HTTP under /__local, protected by the admin token (never part
 * of Salesforce's API): faults, API usage, session revocation and expiry, the clock, sessions.
 */
import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { LocalOrg } from '../org.js';
import { faultSpecSchema } from './faults.js';
import { sendJson } from './responses.js';

const usageSchema = z.object({
  used: z.number().int().nonnegative().optional().describe('Set the number of calls already made today'),
  limit: z.number().int().positive().optional().describe('Daily API request allocation'),
});
const clockSchema = z.object({
  set: z.string().optional().describe('Freeze the clock at this ISO time'),
  advanceMs: z.number().int().optional().describe('Move the clock by this many milliseconds'),
  unfreeze: z.boolean().optional().describe('Let the clock run again'),
});
const tokenSchema = z.object({ token: z.string().min(1).describe('Refresh or access token to revoke') });
const expireSchema = z.object({ userId: z.string().optional().describe('Only this user (all users when absent)') });
const sessionSchema = z.object({ username: z.string().describe('Username (or user Id) to issue a session for') });

function bad(res: Response, message: string): void {
  sendJson(res, 400, [{ errorCode: 'INVALID_INPUT', message }]);
}

export function adminRouter(org: LocalOrg, adminToken: string): Router {
  const r = Router();
  r.use('/__local', express.json({ limit: '1mb' }), (req: Request, res: Response, next) => {
    res.locals.route = 'admin';
    const given = req.headers['x-local-admin-token'] ?? /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (given !== adminToken) {
      sendJson(res, 401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Admin token required' }]);
      return;
    }
    next();
  });
  const parse = <S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | undefined => {
    const p = schema.safeParse(req.body ?? {});
    if (!p.success) {
      bad(res, p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return undefined;
    }
    return p.data;
  };
  r.get('/__local/faults', (_req, res) => sendJson(res, 200, org.faults.list()));
  r.post('/__local/faults', (req, res) => {
    const spec = parse(faultSpecSchema, req, res);
    if (spec) sendJson(res, 201, org.addFault(spec));
  });
  r.delete('/__local/faults', (_req, res) => {
    org.clearFaults();
    res.status(204).end();
  });
  r.delete('/__local/faults/:id', (req, res) => {
    org.faults.remove(Number(req.params.id));
    res.status(204).end();
  });
  r.get('/__local/usage', (_req, res) => sendJson(res, 200, org.usageReport()));
  r.delete('/__local/usage', (_req, res) => {
    org.resetUsage();
    res.status(204).end();
  });
  r.put('/__local/usage', (req, res) => {
    const u = parse(usageSchema, req, res);
    if (!u) return;
    if (u.limit !== undefined) org.setApiLimit(u.limit);
    if (u.used !== undefined) org.apiUsage.setUsed(u.used);
    sendJson(res, 200, org.usageReport());
  });
  r.post('/__local/revoke', (req, res) => {
    const t = parse(tokenSchema, req, res);
    if (!t) return;
    org.revokeRefreshToken(t.token);
    res.status(204).end();
  });
  r.post('/__local/expire-sessions', (req, res) => {
    const e = parse(expireSchema, req, res);
    if (!e) return;
    org.expireSessions(e.userId);
    res.status(204).end();
  });
  r.get('/__local/clock', (_req, res) => sendJson(res, 200, { now: org.clock.now().toISOString() }));
  r.post('/__local/clock', (req, res) => {
    const c = parse(clockSchema, req, res);
    if (!c) return;
    if (c.set) org.clock.set(c.set);
    if (c.advanceMs) org.clock.advance(c.advanceMs);
    if (c.unfreeze) org.clock.unfreeze();
    sendJson(res, 200, { now: org.clock.now().toISOString() });
  });
  r.post('/__local/sessions', (req, res) => {
    const s = parse(sessionSchema, req, res);
    if (!s) return;
    try {
      sendJson(res, 201, org.issueSession(s.username));
    } catch (e) {
      bad(res, (e as Error).message);
    }
  });
  r.post('/__local/save', (_req, res) => {
    org.save();
    res.status(204).end();
  });
  return r;
}
