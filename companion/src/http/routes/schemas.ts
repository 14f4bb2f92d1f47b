/** Response and request schemas shared by the connection routes (also the OpenAPI document). */
import { z } from 'zod';

export const connectionStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['Pending', 'Ready', 'Action Required', 'Error']).describe('What the admin sees'),
  stateCode: z.enum(['pending', 'ready', 'action_required', 'error']),
  cause: z.string().nullable().describe('Why the connection is not Ready, in words'),
  causeCode: z.string().nullable(),
  authMethod: z.enum(['oauth', 'jwt', 'sf_cli']),
  connectedAs: z.object({ userId: z.string().nullable(), username: z.string().nullable() }),
  orgId: z.string().nullable(),
  instanceUrl: z.string().nullable(),
  loginUrl: z.string(),
  apiUsage: z.object({ used: z.number(), max: z.number(), at: z.string() }).nullable(),
  lastSyncAt: z.string().nullable(),
  lastWritebackAt: z.string().nullable(),
  connectedAt: z.string().nullable(),
  recentEvents: z.array(z.object({ at: z.string(), kind: z.string(), message: z.string() })),
  activityIdField: z
    .array(z.string())
    .optional()
    .describe("Ready connections: which field holds Rox's activity id on Task and on Event, and how it is written"),
});

const loginUrl = z
  .string()
  .max(300)
  .describe('https://login.salesforce.com (production), https://test.salesforce.com (sandbox) or your My Domain URL');
const name = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'letters, digits, space, _ . - (starting with a letter or digit)')
  .describe('A name for this org, unique in this service (e.g. "acme-prod")');

export const createConnectionSchema = z.discriminatedUnion('authMethod', [
  z
    .object({
      authMethod: z.literal('oauth').describe('Web-server flow with PKCE: returns a URL the admin opens to log in'),
      name,
      loginUrl: loginUrl.optional(),
    })
    .strict(),
  z
    .object({
      authMethod: z
        .literal('jwt')
        .describe('JWT bearer flow for server-to-server; the user must be pre-authorised on the connected app'),
      name,
      loginUrl: loginUrl.optional(),
      clientId: z.string().min(1).max(300).optional().describe('Connected app consumer key (default SF_CLIENT_ID)'),
      username: z.string().min(3).max(80).describe('Salesforce username of the integration user'),
      privateKey: z
        .string()
        .min(100)
        .max(10_000)
        .describe('PEM private key whose certificate is uploaded to the connected app'),
    })
    .strict(),
  z
    .object({
      authMethod: z.literal('sf_cli').describe('An org the local Salesforce CLI already knows (developers)'),
      name,
      org: z.string().min(1).max(120).describe('sf CLI alias or username'),
    })
    .strict(),
]);
export type CreateConnectionBody = z.infer<typeof createConnectionSchema>;

export const createdConnectionSchema = z.object({
  connection: connectionStatusSchema,
  authorizeUrl: z.string().optional().describe('OAuth: open this URL in a browser to log in and approve'),
});

export const reauthorizeSchema = z.object({ loginUrl: loginUrl.optional() }).strict();

export const disconnectSchema = z.object({
  deleted: z.record(z.string(), z.number()).describe('Rows deleted per table (with dryRun: rows that would be)'),
  revoked: z.boolean().describe('Whether Salesforce confirmed the token revocation (always false with dryRun)'),
  dryRun: z
    .boolean()
    .optional()
    .describe('true when ?dryRun=true: nothing was deleted or revoked; absent on a real disconnect'),
});

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['connection', 'admin']),
  connectionId: z.string().nullable(),
  requireSignature: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const createKeySchema = z
  .object({
    name: z.string().min(1).max(80).describe('What the key is for (e.g. "rox-backend")'),
    requireSignature: z.boolean().optional().describe('Refuse requests with this key unless they are signed'),
  })
  .strict();
