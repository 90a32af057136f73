import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { cloudProfiles, locales } from '../../config.js';
import type { Api } from '../api.js';

export async function registerInstanceRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/instance',
    {
      schema: {
        tags: ['instance'],
        summary: 'The instance profile: cloud, default currency and locale, navigation style',
        security: [],
        response: {
          200: z.object({
            cloud: z.string(),
            currency: z.string(),
            defaultLocale: z.string(),
            supportedLocales: z.array(z.string()),
            navigation: z
              .enum(['purchase-services', 'subscriptions'])
              .describe(
                'worldwide buys add-ons from Purchase services; germany and 21vianet from Subscriptions',
              ),
            policy: z.record(z.string(), z.number()),
            now: z.date(),
            payments: z
              .object({
                gateway: z.enum(['stripe', 'test']),
                publishableKey: z.string(),
                apiBase: z
                  .string()
                  .nullable()
                  .describe(
                    'The test gateway the browser posts card details to (null with Stripe: Stripe.js)',
                  ),
              })
              .describe('Where the browser hands card details: they never reach this API (PCI SAQ A)'),
          }),
        },
      },
    },
    async () => {
      const profile = cloudProfiles[ctx.config.cloud];
      return {
        cloud: ctx.config.cloud,
        currency: profile.currency,
        defaultLocale: profile.locale,
        supportedLocales: [...locales],
        navigation: profile.navigation,
        policy: { ...ctx.config.policy },
        now: ctx.clock.now(),
        payments: {
          gateway: ctx.gateway.browser.kind,
          publishableKey: ctx.gateway.browser.publishableKey,
          apiBase: ctx.gateway.browser.kind === 'test' ? ctx.gateway.browser.apiBase : null,
        },
      };
    },
  );
}
