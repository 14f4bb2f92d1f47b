/** `rox help`: printed without loading anything else. */
export const USAGE = `Usage: npm run rox -- <command> [flags]

Beside a running companion the CLI calls its HTTP API (the embedded store's admin key is in
DATA_DIR/admin.key; elsewhere set ROX_URL and ROX_ADMIN_KEY). With no companion running it opens
the store itself, under the same configuration rules as the service.

  start                                   start the service (same as npm start)
  connections list
  connections add --name N --method oauth [--login-url URL]        prints the login URL to open
  connections add --name N --method jwt --username U --key-file F [--login-url URL] [--client-id ID]
  connections add --name N --method sf_cli --org ALIAS_OR_USERNAME
  connections remove <name|id>            revoke and delete everything stored for it
  keys create --connection <name|id> --name N [--require-signature]   (or --admin)
  keys list [--connection <name|id>]
  keys revoke <keyId>
  status [<name|id>]
  doctor <name|id> [--user 005…] [--json]
  sync <name|id>                          sync now, with progress (rows, rate) per object
  mappings get <name|id> [--file F]       the CRM mappings as JSON (to stdout, or into F)
  mappings set <name|id> --file F         save them (the shape get prints); every problem is named
  mappings validate <name|id> --file F    check them without saving
  erase <name|id> --email E | --salesforce-id ID | --rox-id ID
                                          data-removal request: remove what the companion holds about it

Every command takes --json (machine-readable output) and --help.`;
