// The one way every request of an optimize run is answered (a row's fields, a field alone, an FAQ,
// a judge's verdict): from the checkpoint when it holds the request's key, else asked through the
// client and appended the moment the answer arrives. The key and what is asked go to the client
// too: a batch run's client (src/llm/batch-run.ts) does not send the request but collects it under
// that key, the custom_id its answer comes back with.
import type { Checkpoint, CheckpointEntry } from './checkpoint.js';
import type { ChatMessage, CompletionRequest, LlmClient } from './guards.js';

/** A checkpoint line with the answer's finish_reason, so an answer cut off at the token limit is still known as such when read back. */
export type AnswerEntry = CheckpointEntry & { finishReason?: string; batch?: string };

export interface Answered {
  content: string;
  finishReason: string | undefined;
  /** Read from the checkpoint, not asked. */
  cached: boolean;
}

/** The answer to `request` under `key`: from the checkpoint, or asked and appended to it. Throws the request's LlmError. */
export async function answerOf(client: LlmClient, checkpoint: Checkpoint, key: string, kind: string, request: CompletionRequest): Promise<Answered> {
  const stored = checkpoint.get(key) as AnswerEntry | undefined;
  if (stored !== undefined) return { content: stored.content, finishReason: stored.finishReason, cached: true };
  const answer = await client.complete(request, { key, kind });
  const entry: AnswerEntry = { key, model: client.model, kind, content: answer.content, usage: answer.usage, finishReason: answer.finishReason, at: new Date().toISOString() };
  checkpoint.append(entry);
  return { content: answer.content, finishReason: answer.finishReason, cached: false };
}

/** A prompt's two parts as the chat messages every request sends. */
export function promptMessages(prompt: { system: string; user: string }): ChatMessage[] {
  return [
    { role: 'system', content: prompt.system },
    { role: 'user', content: prompt.user },
  ];
}
