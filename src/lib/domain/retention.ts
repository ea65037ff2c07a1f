/**
 * How long an organization keeps diagnostics and unused sessions (its settings), and the
 * defaults. Expired ones are purged by the scheduled run (src/lib/server/retention.ts).
 */
export const RETENTION_DEFAULTS = { diagnosticsDays: 30, sessionDays: 30 } as const;
export const RETENTION_LIMITS = {
	diagnosticsDays: { min: 1, max: 365 },
	sessionDays: { min: 1, max: 30 }
} as const;

const DAY = 86_400_000;

/** The cut-off times: anything older goes. */
export function retentionCutoffs(
	settings: { diagnosticsRetentionDays?: number; sessionRetentionDays?: number },
	now: number
) {
	return {
		diagnostics:
			now - (settings.diagnosticsRetentionDays ?? RETENTION_DEFAULTS.diagnosticsDays) * DAY,
		sessions: now - (settings.sessionRetentionDays ?? RETENTION_DEFAULTS.sessionDays) * DAY
	};
}
