import { z } from 'zod';
import { login, password, plainText, text } from '../validation';

export const signupSchema = z.strictObject({
	organizationName: text(120),
	name: text(120),
	login,
	password
});
export type SignupInput = z.infer<typeof signupSchema>;

export const loginSchema = z.strictObject({
	login: plainText().trim().toLowerCase().min(1, 'Required').max(64, 'At most 64 characters'),
	password: z.string().min(1, 'Required').max(256, 'At most 256 characters')
});
export type LoginInput = z.infer<typeof loginSchema>;

/** `PATCH /api/me/settings`: a user's own choices. */
export const userSettingsSchema = z.strictObject({
	/** false: the app never asks for this user's location; they type it or go on without. */
	useLocation: z.boolean().optional()
});
