import type { CliCommandModule } from '../commander/cli-context';
import { adoptCli } from './adopt.cli';
import { deployCli } from './deploy.cli';
import { filesCli } from './files.cli';
import { historyCli } from './history.cli';
import { lifecycleCli } from './lifecycle.cli';
import { listCli } from './list.cli';
import { loginCli } from './login.cli';
import { nodeCli } from './node.cli';
import { planCli } from './plan.cli';
import { psCli } from './ps.cli';
import { rollbackCli } from './rollback.cli';
import { serviceCli } from './service.cli';
import { statusCli } from './status.cli';
import { syncCli } from './sync.cli';
import { eventsCli } from './events.cli';
import { logsCli } from './logs.cli';
import { whoamiCli } from './whoami.cli';
import { uiCli } from './ui.cli';
import { secretCli } from './secret.cli';

/** Every `mcp` command, in the order `mcp --help` lists them. A new command is one file and one line here. */
export const CLI_COMMANDS: readonly CliCommandModule[] = [
  loginCli,
  whoamiCli,
  planCli,
  deployCli,
  historyCli,
  rollbackCli,
  lifecycleCli,
  listCli,
  psCli,
  statusCli,
  logsCli,
  eventsCli,
  syncCli,
  adoptCli,
  serviceCli,
  filesCli,
  secretCli,
  nodeCli,
  uiCli,
];
