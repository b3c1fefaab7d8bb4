/**
 * Knowledge tests on a clinician's progress page: every attempt with its score against the pass
 * mark, and, for the clinician's trainers and administrators, a form to record a new attempt. The
 * server enforces the retake wait a pathway sets and says when the next attempt is allowed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, formErrors } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatDate } from '../../ui/format';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toasts';
import { useCourses } from '../cohorts/learning-api';

interface TestAttempt {
  id: string;
  courseCode: string;
  courseTitle: string;
  score: number;
  passMark: number;
  passed: boolean;
  takenAt: string;
}

const FIELDS = ['courseId', 'score', 'takenAt'];

/** Today in the reader's time zone, as YYYY-MM-DD. */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Noon of the chosen day in the reader's time zone, or now if that is still to come today. */
function takenAtFor(day: string): string {
  const noon = new Date(`${day}T12:00:00`);
  const now = new Date();
  return (Number.isNaN(noon.getTime()) || noon <= now ? noon : now).toISOString();
}

function RecordAttempt({ userId, onDone }: { userId: string; onDone: () => void }) {
  const tests = useCourses({ kind: 'knowledge_test', active: 'true' });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [courseId, setCourseId] = useState('');
  const [score, setScore] = useState('');
  const [takenOn, setTakenOn] = useState(localToday());
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      api.post<TestAttempt>(`/courses/${courseId}/test-attempts`, {
        userId,
        score: Number(score),
        takenAt: takenAtFor(takenOn),
      }),
    onSuccess: (a) => {
      toast.success(`Recorded: ${a.score} of ${a.passMark} needed, ${a.passed ? 'passed' : 'not passed'}.`);
      void queryClient.invalidateQueries({ queryKey: ['test-attempts', userId] });
      void queryClient.invalidateQueries({ queryKey: ['clinician-progress'] });
      onDone();
    },
  });
  const errors = formErrors(save.error, FIELDS);
  useFocusFirstInvalid(save.error, local);
  const err = (k: string) => local[k] ?? errors.fields[k];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!courseId) problems.courseId = 'choose the test';
    if (score.trim() === '' || !Number.isFinite(Number(score))) problems.score = 'enter the score, 0 to 100';
    if (!takenOn) problems.takenAt = 'enter the date the test was taken';
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  const options = (tests.data ?? []).map((c) => ({
    value: c.id,
    label: `${c.title} (pass mark ${c.passMark ?? '—'})`,
  }));
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Record a knowledge-test attempt">
      {errors.message && <Alert tone="error">{errors.message}</Alert>}
      <div className="form-grid">
        <SelectField
          className="span-2"
          label="Test"
          value={courseId}
          onChange={(e) => setCourseId(e.target.value)}
          options={options}
          placeholder={tests.isPending ? 'Loading tests…' : 'Choose the test'}
          error={err('courseId')}
          required
        />
        <TextField
          label="Score (0 to 100)"
          type="number"
          inputMode="decimal"
          min={0}
          max={100}
          step="0.01"
          value={score}
          onChange={(e) => setScore(e.target.value)}
          error={err('score')}
          required
        />
        <TextField
          label="Taken on"
          type="date"
          value={takenOn}
          onChange={(e) => setTakenOn(e.target.value)}
          error={err('takenAt')}
          required
        />
      </div>
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          Record attempt
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function TestAttemptsCard({ userId, canRecord }: { userId: string; canRecord: boolean }) {
  const [recording, setRecording] = useState(false);
  const attempts = useQuery({
    queryKey: ['test-attempts', userId],
    queryFn: () => api.get<{ items: TestAttempt[] }>(`/clinicians/${userId}/test-attempts`),
    select: (d) => d.items,
  });
  return (
    <Card
      title="Knowledge tests"
      subtitle="Every attempt, newest first. A pathway may set a wait before a retake."
      actions={
        canRecord && !recording ? (
          <Button variant="secondary" onClick={() => setRecording(true)}>
            Record an attempt
          </Button>
        ) : undefined
      }
    >
      <div className="stack">
        {recording && <RecordAttempt userId={userId} onDone={() => setRecording(false)} />}
        {attempts.isPending ? (
          <Spinner label="Loading attempts…" />
        ) : attempts.error ? (
          <Alert tone="error">{attempts.error.message}</Alert>
        ) : attempts.data.length === 0 ? (
          <p className="muted">No attempt recorded yet.</p>
        ) : (
          <ul className="plain-list">
            {attempts.data.map((a) => (
              <li key={a.id}>
                <strong>{a.courseTitle}</strong> · {formatDate(a.takenAt)} · score {a.score} (pass mark{' '}
                {a.passMark}){' '}
                <Badge tone={a.passed ? 'success' : 'warning'} dot>
                  {a.passed ? 'Passed' : 'Not passed'}
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
