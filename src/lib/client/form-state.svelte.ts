import { errorMessage, fieldErrorsOf } from './errors';

/**
 * What an add-or-edit form shows of its last submission: the error above Save, each field's
 * error, and whether it is saving. One per form: `reset` when it opens, `submit` the work.
 */
export class FormState {
	error = $state('');
	fields = $state<Record<string, string>>({});
	saving = $state(false);

	reset(): void {
		this.error = '';
		this.fields = {};
	}

	/** Shows a refusal (a thrown API or domain error) in the user's language, field by field. */
	fail(error: unknown): void {
		this.error = errorMessage(error);
		this.fields = fieldErrorsOf(error);
	}

	/**
	 * Clears the last refusal and runs `work` while `saving`; a new refusal stays on the form.
	 * Answers whether it went through.
	 */
	async submit(work: () => Promise<void>): Promise<boolean> {
		this.reset();
		this.saving = true;
		try {
			await work();
			return true;
		} catch (error) {
			this.fail(error);
			return false;
		} finally {
			this.saving = false;
		}
	}
}
