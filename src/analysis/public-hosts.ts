/**
 * Public platforms whose hosts are the same for every deployment of every application: social
 * sites and their CDNs, code hosts, cloud and identity providers' public APIs, payment and
 * messaging services. A URL on one of them is not "an endpoint each deployment points elsewhere",
 * so no-hardcoded-endpoint leaves it by default (`thirdPartyHosts: 'ignore'`).
 *
 * Deliberately absent: model APIs that applications do repoint through `<SERVICE>_BASE_URL`
 * (api.openai.com, api.anthropic.com, OpenAI-compatible gateways), and hosting platforms whose
 * subdomains are one deployment each (*.vercel.app, *.herokuapp.com, *.amazonaws.com, …).
 */
const PUBLIC_PLATFORM_DOMAINS: readonly string[] = [
  // search, video and social platforms, and their media hosts
  'google.com', 'googleapis.com', 'gstatic.com', 'googleusercontent.com', 'youtube.com', 'googlevideo.com', 'ytimg.com',
  'facebook.com', 'fb.com', 'fb.watch', 'fbcdn.net', 'instagram.com', 'cdninstagram.com', 'whatsapp.com', 'threads.net',
  'twitter.com', 'x.com', 'twimg.com', 'reddit.com', 'redd.it', 'redditmedia.com', 'tiktok.com', 'tiktokv.com',
  'snapchat.com', 'pinterest.com', 'pinimg.com', 'linkedin.com', 'tumblr.com', 'twitch.tv', 'vimeo.com', 'vimeocdn.com',
  'dailymotion.com', 'soundcloud.com', 'sndcdn.com', 'spotify.com', 'bilibili.com', 'bilibili.tv', 'bsky.app', 'bsky.social',
  'vk.com', 'vk.ru', 'vkvideo.ru', 'ok.ru', 'rutube.ru', 'loom.com', 'newgrounds.com', 'streamable.com', 'imgur.com',
  'giphy.com', 'tenor.com', 'wikipedia.org', 'wikimedia.org', 'wikidata.org',
  // chat and messaging
  'discord.com', 'discordapp.com', 'discordapp.net', 'slack.com', 'telegram.org', 'line.me', 'twilio.com', 'sendgrid.com', 'mailgun.net',
  // code hosts and registries
  'github.com', 'githubusercontent.com', 'gitlab.com', 'bitbucket.org', 'npmjs.org', 'npmjs.com', 'pypi.org',
  // identity, storage and productivity APIs
  'microsoft.com', 'microsoftonline.com', 'live.com', 'office.com', 'apple.com', 'icloud.com', 'dropbox.com', 'dropboxapi.com',
  'box.com', 'zoom.us', 'unsplash.com', 'notion.com', 'atlassian.com', 'atlassian.net', 'figma.com',
  // payments, games, challenges
  'stripe.com', 'paypal.com', 'steampowered.com', 'steamcommunity.com', 'cloudflare.com', 'recaptcha.net',
];

/** `host` is one of the public platforms above or a subdomain of one (`i.instagram.com`). */
export function isPublicPlatformHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return PUBLIC_PLATFORM_DOMAINS.some((domain) => name === domain || name.endsWith(`.${domain}`));
}
