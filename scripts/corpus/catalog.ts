/**
 * The programs that background activity is drawn from, per operating system.
 *
 * Every value here was chosen so that no background event can satisfy a demo rule: no macOS
 * argument names a user or system keychain, no PowerShell argument is an encoded-command flag,
 * no Linux argument mentions `/dev/tcp/` or `/dev/udp/`, no Windows program has an
 * eight-hex-digit name, and no Office program starts rundll32, regsvr32 or mshta. The corpus
 * tests re-check this over whole generated corpora.
 */

/** Operating system families, as `host.os.type` spells them. */
export type OsType = 'windows' | 'macos' | 'linux';

/** One program: where it lives, who signed it, how it is usually started. */
export interface Program {
  readonly name: string;
  readonly exe: string;
  readonly signer: string;
  readonly trusted: boolean;
  /** Argument vectors; `{home}` and `{user}` are filled per host user. */
  readonly argv: readonly (readonly string[])[];
  /** Names of programs (same catalog) that may be the parent. */
  readonly parents: readonly string[];
  /** Runs as SYSTEM or root rather than as the logged-on user. */
  readonly system?: boolean;
  readonly weight: number;
}

const MS = 'Microsoft Windows';
const MSC = 'Microsoft Corporation';
const SYS32 = 'C:\\Windows\\System32\\';
const PS = SYS32 + 'WindowsPowerShell\\v1.0\\powershell.exe';
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\';
const CHROME = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
const EDGE = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
const RENDERER =
  '--type=renderer --lang=en-US --device-scale-factor=1 --num-raster-threads=4 ' +
  '--enable-main-frame-before-activation --renderer-client-id=12 ' +
  '--time-ticks-at-unix-epoch=-1709280000000000 --launch-time-ticks=412345678 ' +
  '--field-trial-handle=1884,i,10452367736287611224,4893120985716230931,262144 ' +
  '--variations-seed-version --mojo-platform-channel-handle=4212 /prefetch:1';

/** Windows programs. */
export const WINDOWS: readonly Program[] = [
  { name: 'services.exe', exe: SYS32 + 'services.exe', signer: MS, trusted: true, system: true,
    argv: [[SYS32 + 'services.exe']], parents: ['wininit.exe'], weight: 1 },
  { name: 'wininit.exe', exe: SYS32 + 'wininit.exe', signer: MS, trusted: true, system: true,
    argv: [['wininit.exe']], parents: ['smss.exe'], weight: 0 },
  { name: 'smss.exe', exe: SYS32 + 'smss.exe', signer: MS, trusted: true, system: true,
    argv: [['\\SystemRoot\\System32\\smss.exe']], parents: ['smss.exe'], weight: 0 },
  { name: 'svchost.exe', exe: SYS32 + 'svchost.exe', signer: MS, trusted: true, system: true,
    argv: [
      [SYS32 + 'svchost.exe', '-k', 'netsvcs', '-p', '-s', 'Schedule'],
      [SYS32 + 'svchost.exe', '-k', 'LocalServiceNetworkRestricted', '-p', '-s', 'EventLog'],
      [SYS32 + 'svchost.exe', '-k', 'wsappx', '-p', '-s', 'AppXSvc'],
      [SYS32 + 'svchost.exe', '-k', 'UnistackSvcGroup', '-s', 'WpnUserService'],
    ], parents: ['services.exe'], weight: 8 },
  { name: 'explorer.exe', exe: 'C:\\Windows\\explorer.exe', signer: MS, trusted: true,
    argv: [['C:\\Windows\\Explorer.EXE']], parents: ['userinit.exe'], weight: 1 },
  { name: 'userinit.exe', exe: SYS32 + 'userinit.exe', signer: MS, trusted: true,
    argv: [[SYS32 + 'userinit.exe']], parents: ['winlogon.exe'], weight: 0 },
  { name: 'winlogon.exe', exe: SYS32 + 'winlogon.exe', signer: MS, trusted: true, system: true,
    argv: [['winlogon.exe']], parents: ['smss.exe'], weight: 0 },
  { name: 'chrome.exe', exe: CHROME, signer: 'Google LLC', trusted: true,
    argv: [[CHROME, ...RENDERER.split(' ')], [CHROME, '--type=utility',
      '--utility-sub-type=network.mojom.NetworkService', '--lang=en-US', '--service-sandbox-type=none',
      '--mojo-platform-channel-handle=2088', '/prefetch:3'], [CHROME]],
    parents: ['explorer.exe', 'chrome.exe'], weight: 7 },
  { name: 'msedge.exe', exe: EDGE, signer: MSC, trusted: true,
    argv: [[EDGE, ...RENDERER.split(' ')], [EDGE, '--no-startup-window', '--win-session-start']],
    parents: ['explorer.exe', 'msedge.exe'], weight: 5 },
  { name: 'cmd.exe', exe: SYS32 + 'cmd.exe', signer: MS, trusted: true,
    argv: [
      [SYS32 + 'cmd.exe', '/c', 'C:\\ProgramData\\Scripts\\logon.bat'],
      ['C:\\Windows\\system32\\cmd.exe', '/d', '/s', '/c', 'git rev-parse --show-toplevel'],
      [SYS32 + 'cmd.exe', '/c', 'ipconfig /all > {home}\\AppData\\Local\\Temp\\net.txt'],
    ], parents: ['explorer.exe', 'Code.exe', 'svchost.exe'], weight: 4 },
  { name: 'powershell.exe', exe: PS, signer: MS, trusted: true,
    argv: [
      [PS, '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\ProgramData\\Scripts\\inventory.ps1'],
      ['powershell.exe', '-NoLogo', '-NonInteractive', '-Command', "Get-Service | Where-Object Status -eq 'Running'"],
      [PS, '-ExecutionPolicy', 'RemoteSigned', '-Command', 'Import-Module PSReadLine'],
    ], parents: ['explorer.exe', 'svchost.exe', 'cmd.exe'], weight: 3 },
  { name: 'conhost.exe', exe: SYS32 + 'conhost.exe', signer: MS, trusted: true,
    argv: [['\\??\\C:\\Windows\\system32\\conhost.exe', '0xffffffff', '-ForceV1']],
    parents: ['cmd.exe', 'powershell.exe'], weight: 4 },
  { name: 'RuntimeBroker.exe', exe: SYS32 + 'RuntimeBroker.exe', signer: MS, trusted: true,
    argv: [[SYS32 + 'RuntimeBroker.exe', '-Embedding']], parents: ['svchost.exe'], weight: 3 },
  { name: 'WmiPrvSE.exe', exe: SYS32 + 'wbem\\WmiPrvSE.exe', signer: MS, trusted: true, system: true,
    argv: [[SYS32 + 'wbem\\wmiprvse.exe', '-secured', '-Embedding']], parents: ['svchost.exe'], weight: 2 },
  { name: 'dllhost.exe', exe: SYS32 + 'dllhost.exe', signer: MS, trusted: true,
    argv: [[SYS32 + 'DllHost.exe', '/Processid:{3EB3C877-1F16-487C-9050-104DBCD66683}']],
    parents: ['svchost.exe'], weight: 2 },
  { name: 'rundll32.exe', exe: SYS32 + 'rundll32.exe', signer: MS, trusted: true,
    argv: [[SYS32 + 'rundll32.exe', 'C:\\Windows\\System32\\shell32.dll,SHCreateLocalServerRunDll',
      '{9aa46009-3ce0-458a-a354-715610a075e6}', '-Embedding']], parents: ['svchost.exe'], weight: 2 },
  { name: 'taskhostw.exe', exe: SYS32 + 'taskhostw.exe', signer: MS, trusted: true,
    argv: [['taskhostw.exe', '{222A245B-E637-4AE9-A93F-A59CA119A75E}']], parents: ['svchost.exe'], weight: 2 },
  { name: 'SearchProtocolHost.exe', exe: SYS32 + 'SearchProtocolHost.exe', signer: MS, trusted: true,
    system: true, argv: [[SYS32 + 'SearchProtocolHost.exe', 'Global\\UsGthrFltPipeMssGthrPipe12_',
      'Global\\UsGthrCtrlFltPipeMssGthrPipe12', '1', '-2147483646', 'Software\\Microsoft\\Windows Search',
      'Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)', 'C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc', 'DownLevelDaemon']],
    parents: ['svchost.exe'], weight: 2 },
  { name: 'OneDrive.exe', exe: 'C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe', signer: MSC, trusted: true,
    argv: [['C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe', '/background']], parents: ['explorer.exe'], weight: 1 },
  { name: 'WINWORD.EXE', exe: OFFICE + 'WINWORD.EXE', signer: MSC, trusted: true,
    argv: [[OFFICE + 'WINWORD.EXE', '/n', '{home}\\Documents\\Quarterly report.docx'], [OFFICE + 'WINWORD.EXE']],
    parents: ['explorer.exe'], weight: 1 },
  { name: 'EXCEL.EXE', exe: OFFICE + 'EXCEL.EXE', signer: MSC, trusted: true,
    argv: [[OFFICE + 'EXCEL.EXE', '{home}\\Downloads\\budget-2026.xlsx']], parents: ['explorer.exe'], weight: 1 },
  { name: 'OUTLOOK.EXE', exe: OFFICE + 'OUTLOOK.EXE', signer: MSC, trusted: true,
    argv: [[OFFICE + 'OUTLOOK.EXE']], parents: ['explorer.exe'], weight: 1 },
  { name: 'splwow64.exe', exe: 'C:\\Windows\\splwow64.exe', signer: MS, trusted: true,
    argv: [['C:\\Windows\\splwow64.exe', '12288']], parents: ['WINWORD.EXE', 'EXCEL.EXE'], weight: 1 },
  { name: 'Code.exe', exe: '{home}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe', signer: MSC,
    trusted: true, argv: [['{home}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe', '--type=gpu-process',
      '--disable-gpu-sandbox', '--use-gl=angle', '--mojo-platform-channel-handle=2012', '/prefetch:2']],
    parents: ['explorer.exe', 'Code.exe'], weight: 2 },
  { name: 'git.exe', exe: 'C:\\Program Files\\Git\\cmd\\git.exe', signer: 'Johannes Schindelin', trusted: true,
    argv: [['C:\\Program Files\\Git\\cmd\\git.exe', 'fetch', '--all', '--prune'],
      ['git.exe', 'status', '-z', '-uall']], parents: ['Code.exe', 'cmd.exe'], weight: 2 },
  { name: 'MsMpEng.exe', exe: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe',
    signer: MSC, trusted: true, system: true,
    argv: [['C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe']],
    parents: ['services.exe'], weight: 1 },
  { name: 'msiexec.exe', exe: SYS32 + 'msiexec.exe', signer: MS, trusted: true, system: true,
    argv: [[SYS32 + 'msiexec.exe', '/V']], parents: ['services.exe'], weight: 1 },
  { name: 'backgroundTaskHost.exe', exe: SYS32 + 'backgroundTaskHost.exe', signer: MS, trusted: true,
    argv: [[SYS32 + 'backgroundTaskHost.exe', '-ServerName:BackgroundTaskHost.WebAccountProvider']],
    parents: ['svchost.exe'], weight: 2 },
];

const MAC_CHROME =
  '/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/' +
  '122.0.6261.94/Helpers/Google Chrome Helper (Renderer).app/Contents/MacOS/Google Chrome Helper (Renderer)';
const APPLE = 'Software Signing';

/** macOS programs. */
export const MACOS: readonly Program[] = [
  { name: 'launchd', exe: '/sbin/launchd', signer: APPLE, trusted: true, system: true,
    argv: [['/sbin/launchd']], parents: ['launchd'], weight: 0 },
  { name: 'xpcproxy', exe: '/usr/libexec/xpcproxy', signer: APPLE, trusted: true, system: true,
    argv: [['xpcproxy', 'com.apple.mdworker.shared.0B000000-0000-0000-0000-000000000000']],
    parents: ['launchd'], weight: 6 },
  { name: 'mdworker_shared', exe: '/System/Library/Frameworks/CoreServices.framework/Versions/A/Frameworks/Metadata.framework/Versions/A/Support/mdworker_shared',
    signer: APPLE, trusted: true, argv: [['/System/Library/Frameworks/CoreServices.framework/Frameworks/Metadata.framework/Versions/A/Support/mdworker_shared',
      '-s', 'mdworker', '-c', 'MDSImporterWorker', '-m', 'com.apple.mdworker.shared']],
    parents: ['launchd'], weight: 5 },
  { name: 'zsh', exe: '/bin/zsh', signer: APPLE, trusted: true,
    argv: [['-zsh'], ['/bin/zsh', '-c', 'source {home}/.zshrc && brew update']], parents: ['login', 'Terminal'], weight: 3 },
  { name: 'login', exe: '/usr/bin/login', signer: APPLE, trusted: true, system: true,
    argv: [['login', '-pf', '{user}']], parents: ['Terminal'], weight: 1 },
  { name: 'Terminal', exe: '/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal', signer: APPLE,
    trusted: true, argv: [['/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal']],
    parents: ['launchd'], weight: 0 },
  { name: 'Google Chrome Helper (Renderer)', exe: MAC_CHROME, signer: 'Developer ID Application: Google LLC (EQHXZ8M8AV)',
    trusted: true, argv: [[MAC_CHROME, ...RENDERER.split(' ').slice(0, 8)]], parents: ['Google Chrome'], weight: 7 },
  { name: 'Google Chrome', exe: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    signer: 'Developer ID Application: Google LLC (EQHXZ8M8AV)', trusted: true,
    argv: [['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']], parents: ['launchd'], weight: 1 },
  { name: 'git', exe: '/usr/bin/git', signer: APPLE, trusted: true,
    argv: [['git', 'status', '--porcelain'], ['/usr/bin/git', 'pull', '--rebase']], parents: ['zsh'], weight: 3 },
  { name: 'ls', exe: '/bin/ls', signer: APPLE, trusted: true,
    argv: [['ls', '-la', '{home}/Documents'], ['ls', '-G']], parents: ['zsh'], weight: 2 },
  { name: 'curl', exe: '/usr/bin/curl', signer: APPLE, trusted: true,
    argv: [['curl', '-fsSL', 'https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh']], parents: ['zsh'], weight: 1 },
  { name: 'security', exe: '/usr/bin/security', signer: APPLE, trusted: true,
    argv: [['security', 'list-keychains', '-d', 'user'],
      ['/usr/bin/security', 'find-certificate', '-a', '-p', '/System/Library/Keychains/SystemRootCertificates.keychain']],
    parents: ['zsh', 'launchd'], weight: 1 },
  { name: 'python3', exe: '/usr/bin/python3', signer: APPLE, trusted: true,
    argv: [['python3', '-m', 'pip', 'install', '--user', 'requests']], parents: ['zsh'], weight: 1 },
  { name: 'softwareupdated', exe: '/System/Library/PrivateFrameworks/SoftwareUpdate.framework/Resources/softwareupdated',
    signer: APPLE, trusted: true, system: true,
    argv: [['/System/Library/PrivateFrameworks/SoftwareUpdate.framework/Resources/softwareupdated']], parents: ['launchd'], weight: 1 },
  { name: 'sw_vers', exe: '/usr/bin/sw_vers', signer: APPLE, trusted: true,
    argv: [['sw_vers', '-productVersion']], parents: ['zsh', 'python3'], weight: 2 },
  { name: 'plutil', exe: '/usr/bin/plutil', signer: APPLE, trusted: true,
    argv: [['plutil', '-convert', 'xml1', '-o', '-', '{home}/Library/Preferences/com.apple.dock.plist']], parents: ['zsh'], weight: 1 },
  { name: 'codesign', exe: '/usr/bin/codesign', signer: APPLE, trusted: true,
    argv: [['codesign', '-dv', '--verbose=4', '/Applications/Slack.app']], parents: ['zsh'], weight: 1 },
];

/** Linux programs. */
export const LINUX: readonly Program[] = [
  { name: 'systemd', exe: '/usr/lib/systemd/systemd', signer: '', trusted: false, system: true,
    argv: [['/sbin/init', 'splash']], parents: ['systemd'], weight: 0 },
  { name: 'sshd', exe: '/usr/sbin/sshd', signer: '', trusted: false, system: true,
    argv: [['sshd:', '{user}', '[priv]'], ['/usr/sbin/sshd', '-D', '-R']], parents: ['systemd', 'sshd'], weight: 2 },
  { name: 'bash', exe: '/usr/bin/bash', signer: '', trusted: false,
    argv: [['-bash'], ['/bin/bash', '/usr/local/bin/backup.sh', '--target', '/mnt/backup'],
      ['bash', '-c', 'for f in /var/log/nginx/*.gz; do zcat "$f" | wc -l; done']],
    parents: ['sshd', 'cron', 'bash'], weight: 4 },
  { name: 'sh', exe: '/usr/bin/dash', signer: '', trusted: false,
    argv: [['/bin/sh', '-c', 'test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )'],
      ['sh', '-c', '/usr/lib/update-notifier/update-motd-updates-available 2>/dev/null']],
    parents: ['cron', 'systemd'], weight: 3 },
  { name: 'cron', exe: '/usr/sbin/cron', signer: '', trusted: false, system: true,
    argv: [['/usr/sbin/cron', '-f', '-P']], parents: ['systemd', 'cron'], weight: 2 },
  { name: 'python3', exe: '/usr/bin/python3.12', signer: '', trusted: false,
    argv: [['/usr/bin/python3', '/usr/bin/networkd-dispatcher', '--run-startup-triggers'],
      ['python3', '{home}/jobs/etl.py', '--date', 'yesterday']], parents: ['systemd', 'bash'], weight: 3 },
  { name: 'curl', exe: '/usr/bin/curl', signer: '', trusted: false,
    argv: [['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://127.0.0.1:8080/healthz']], parents: ['bash', 'sh'], weight: 2 },
  { name: 'apt-get', exe: '/usr/bin/apt-get', signer: '', trusted: false, system: true,
    argv: [['apt-get', '-qq', 'update']], parents: ['sh'], weight: 1 },
  { name: 'ls', exe: '/usr/bin/ls', signer: '', trusted: false,
    argv: [['ls', '--color=auto', '-la', '/var/www']], parents: ['bash'], weight: 2 },
  { name: 'grep', exe: '/usr/bin/grep', signer: '', trusted: false,
    argv: [['grep', '-E', 'ERROR|WARN', '/var/log/syslog']], parents: ['bash'], weight: 2 },
  { name: 'containerd-shim-runc-v2', exe: '/usr/bin/containerd-shim-runc-v2', signer: '', trusted: false,
    system: true, argv: [['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id',
      '4f1c2e9b7d3a0c8e5f6a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6', '-address', '/run/containerd/containerd.sock']],
    parents: ['systemd'], weight: 2 },
  { name: 'runc', exe: '/usr/bin/runc', signer: '', trusted: false, system: true,
    argv: [['runc', '--root', '/var/run/docker/runtime-runc/moby', '--log', '/run/containerd/io.containerd.runtime.v2.task/moby/log.json', 'state']],
    parents: ['containerd-shim-runc-v2'], weight: 2 },
  { name: 'java', exe: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java', signer: '', trusted: false,
    argv: [['java', '-Xms512m', '-Xmx2g', '-Dspring.profiles.active=prod', '-jar', '/opt/app/orders-service.jar']],
    parents: ['systemd'], weight: 1 },
  { name: 'nginx', exe: '/usr/sbin/nginx', signer: '', trusted: false, system: true,
    argv: [['nginx:', 'worker', 'process']], parents: ['systemd'], weight: 1 },
  { name: 'systemctl', exe: '/usr/bin/systemctl', signer: '', trusted: false, system: true,
    argv: [['systemctl', 'is-active', '--quiet', 'nginx']], parents: ['bash', 'sh'], weight: 1 },
  { name: 'logrotate', exe: '/usr/sbin/logrotate', signer: '', trusted: false, system: true,
    argv: [['/usr/sbin/logrotate', '/etc/logrotate.conf']], parents: ['systemd'], weight: 1 },
];

/** The catalog for one operating system. */
export function catalogFor(os: OsType): readonly Program[] {
  return os === 'windows' ? WINDOWS : os === 'macos' ? MACOS : LINUX;
}
