/**
 * "Where children wait": the access gap (children referred a year minus what trained clinicians can
 * treat) on a map of the states, in a sortable table and as a monthly trend.
 *
 * - A network administrator sees every state on the map (Enter or a click on one filters the table
 *   to it), the table by center, chapter or state, and the trend of the nation or the chosen state.
 * - A center director sees their center's figures, their center against its chapter, state and the
 *   nation (area figures may be hidden to protect other centers' small numbers: the API says which),
 *   their state on the map, and their center's own trend.
 */
import type { ReactNode } from 'react';
import { ButtonLink } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { todayIso } from '../../ui/format';
import { ChartIcon, SettingsIcon } from '../../ui/icons';
import { stateName } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { UsStateMap } from '../../ui/us-map';
import { useSearchState } from '../../ui/use-search-state';
import { useSession } from '../shell/session';
import { useComparison, useGap, type GapResponse, type GapRow, type Level } from './access-api';
import { formatCount, formatGap, HIDDEN_TEXT, monthLabel, periodOptions } from './access-model';
import { HowFiguresAreMade } from './definitions';
import { Count, Gap, Missing, Wait } from './figures';
import { ComparisonTable, GapTable, LEVEL_NOUN } from './gap-table';
import { TrendChart } from './trend-chart';
import './access.css';

const TABLE_LEVELS: Level[] = ['center', 'chapter', 'state'];
const LEVEL_PLURAL: Record<Level, string> = {
  center: 'Centers',
  chapter: 'Chapters',
  state: 'States',
  nation: 'The nation',
};

/** "Dec 2025 to Nov 2026": the period's months, whatever its key. */
function periodText(period: GapResponse['period']): string {
  const from = monthLabel(period.from);
  const to = monthLabel(period.to);
  return from === to ? from : `${from} to ${to}`;
}

/** The period control: the last 12 months, the last three years and their quarters. */
function PeriodField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <SelectField
      label="Period"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      options={periodOptions(todayIso())}
    />
  );
}

/** The period in the address if it is one of the choices, else the last 12 months. */
function choosePeriod(value: string): string {
  return periodOptions(todayIso()).some((o) => o.value === value) ? value : 'last12';
}

/** One figure of an area or center, as a labelled value with the reason when it is missing. */
function Figures({ row, extra }: { row: GapRow; extra?: ReactNode }) {
  return (
    <dl className="access-figures">
      <div>
        <dt>Demand a year</dt>
        <dd>
          <Count row={row} field="demandPerYear" />
        </dd>
      </div>
      <div>
        <dt>Trained capacity a year</dt>
        <dd>
          <Count row={row} field="capacityPerYear" />
        </dd>
      </div>
      <div className="access-figure-gap">
        <dt>Gap a year</dt>
        <dd>
          <Gap row={row} />
        </dd>
      </div>
      <div>
        <dt>Waiting at period end</dt>
        <dd>
          <Count row={row} field="waitingEnd" />
        </dd>
      </div>
      <div>
        <dt>Median wait</dt>
        <dd>
          <Wait row={row} />
        </dd>
      </div>
      {extra}
    </dl>
  );
}

/** Words for the map's description: the largest gaps and the most spare capacity. */
function describeStates(rows: readonly GapRow[]): string {
  const withGap = rows.filter((r) => r.figures.gapPerYear !== null);
  if (withGap.length === 0) return 'No state has demand figures for this period.';
  const sorted = [...withGap].sort((a, b) => b.figures.gapPerYear! - a.figures.gapPerYear!);
  const name = (r: GapRow) => `${stateName(r.label)} (${formatGap(r.figures.gapPerYear!)})`;
  const top = sorted.filter((r) => r.figures.gapPerYear! > 0).slice(0, 3);
  const spare = sorted
    .filter((r) => r.figures.gapPerYear! < 0)
    .reverse()
    .slice(0, 3);
  const parts: string[] = [];
  if (top.length > 0) parts.push(`Largest gaps: ${top.map(name).join(', ')}.`);
  if (spare.length > 0) parts.push(`Spare trained capacity: ${spare.map(name).join(', ')}.`);
  return parts.join(' ');
}

const DIVERGING = { below: 'Spare capacity', above: 'Children waiting' };

// Network administrators ---------------------------------------------------------------------------

function NetworkAccess() {
  const [search, setSearch] = useSearchState({ period: 'last12', level: 'center', state: '' });
  const period = choosePeriod(search.period);
  const level = (TABLE_LEVELS as string[]).includes(search.level) ? (search.level as Level) : 'center';
  const region = /^[A-Z]{2}$/.test(search.state) ? search.state : '';

  const states = useGap({ level: 'state', period });
  const nation = useGap({ level: 'nation', period });
  const table = useGap({ level, period, state: region || undefined });

  const stateRows = states.data?.rows ?? [];
  const selectedRow = region ? (stateRows.find((r) => r.key === region) ?? null) : null;
  const focusRow = region ? selectedRow : (nation.data?.rows[0] ?? null);
  const values = Object.fromEntries(stateRows.map((r) => [r.key, r.figures.gapPerYear]));
  const missingReasons = Object.fromEntries(
    stateRows.filter((r) => r.suppressed.includes('gapPerYear')).map((r) => [r.key, HIDDEN_TEXT]),
  );
  const place = region ? stateName(region) : 'the nation';
  const periodLabel = states.data ? periodText(states.data.period) : null;

  const selectState = (postal: string) => setSearch({ state: postal === region ? '' : postal });

  return (
    <div className="page">
      <PageHeader
        title="Where children wait"
        lead="Children referred for trauma-focused therapy in a year against what the network’s trained clinicians can treat. A positive gap is children referred beyond trained capacity; a negative gap is spare trained capacity."
        actions={
          <ButtonLink to="/access/parameters" icon={<SettingsIcon />}>
            Capacity parameters
          </ButtonLink>
        }
      />
      <div className="stack" style={{ gap: 24 }}>
        <Card flush>
          <form className="filters" aria-label="Choose what to show" onSubmit={(e) => e.preventDefault()}>
            <PeriodField value={period} onChange={(v) => setSearch({ period: v })} />
            <SelectField
              label="Table by"
              value={level}
              onChange={(e) => setSearch({ level: e.target.value })}
              options={TABLE_LEVELS.map((l) => ({ value: l, label: LEVEL_PLURAL[l] }))}
            />
            <SelectField
              label="State"
              value={region}
              onChange={(e) => setSearch({ state: e.target.value })}
              placeholder="All states"
              options={stateRows.map((r) => ({ value: r.key, label: stateName(r.key) }))}
            />
          </form>
        </Card>

        <div className="access-map-layout">
          <Card
            title="The gap by state"
            subtitle={
              periodLabel
                ? `Children a year, ${periodLabel}. Choose a state to see its centers.`
                : 'Children a year.'
            }
          >
            {states.isPending ? (
              <Spinner label="Loading the states…" />
            ) : states.error ? (
              <ErrorState error={states.error} onRetry={() => void states.refetch()} />
            ) : (
              <UsStateMap
                values={values}
                label="Gap (children a year)"
                unit="children a year"
                format={formatGap}
                mode="diverging"
                divergingLabels={DIVERGING}
                title="The access gap by state, children a year"
                description={describeStates(stateRows)}
                missingReasons={missingReasons}
                selected={region || null}
                onSelect={selectState}
              />
            )}
          </Card>
          <Card
            title={region ? stateName(region) : 'The nation'}
            subtitle={
              focusRow
                ? `${formatCount(focusRow.centersWithData)} of ${formatCount(focusRow.centers)} centers with demand figures`
                : undefined
            }
            actions={
              region ? (
                <button type="button" className="link-button" onClick={() => setSearch({ state: '' })}>
                  Show all states
                </button>
              ) : undefined
            }
          >
            {nation.isPending || states.isPending ? (
              <Spinner inline />
            ) : nation.error ? (
              <ErrorState error={nation.error} onRetry={() => void nation.refetch()} />
            ) : focusRow ? (
              <Figures
                row={focusRow}
                extra={
                  <div>
                    <dt>Trained clinicians</dt>
                    <dd>
                      {focusRow.staff.trained === null ? (
                        <Missing row={focusRow} field="trained" />
                      ) : (
                        <>
                          {formatCount(focusRow.staff.trained)}
                          {focusRow.staff.clinicians !== null && (
                            <span className="access-figure-of">
                              {' '}
                              of {formatCount(focusRow.staff.clinicians)}
                            </span>
                          )}
                        </>
                      )}
                    </dd>
                  </div>
                }
              />
            ) : (
              <p className="muted">{region ? `${stateName(region)} has no centers.` : 'No figures yet.'}</p>
            )}
          </Card>
        </div>

        <Card
          title={`${LEVEL_PLURAL[level]}${region ? ` in ${stateName(region)}` : ''}`}
          subtitle={
            table.data
              ? `${formatCount(table.data.rows.length)} ${table.data.rows.length === 1 ? 'row' : 'rows'}, ${periodText(table.data.period)}. Choose a column’s heading to sort by it.`
              : undefined
          }
          flush
        >
          {table.isPending ? (
            <Spinner label="Loading the table…" />
          ) : table.error ? (
            <div className="card-body">
              <ErrorState error={table.error} onRetry={() => void table.refetch()} />
            </div>
          ) : table.data.rows.length === 0 ? (
            <EmptyState icon={<ChartIcon />} title="Nothing to show">
              {region ? `No center in ${stateName(region)}.` : 'No centers yet.'}
            </EmptyState>
          ) : (
            // While another period, level or state loads, the rows shown are the previous ones: dimmed
            // and marked busy, so nobody reads them as the new choice's.
            <div className="access-table-state" aria-busy={table.isPlaceholderData || undefined}>
              <GapTable
                rows={table.data.rows}
                level={level}
                caption={`The access gap by ${LEVEL_NOUN[level].toLowerCase()}${region ? ` in ${stateName(region)}` : ''}, ${periodText(table.data.period)}`}
              />
            </div>
          )}
        </Card>

        <Card
          title={`Month by month: ${place}`}
          subtitle="Children referred and children trained clinicians can treat, a month; children waiting at each month’s end."
        >
          {focusRow ? (
            <TrendChart
              title={`Monthly referrals, trained capacity and waiting, ${place}`}
              trend={focusRow.trend}
            />
          ) : nation.isPending || states.isPending ? (
            <Spinner inline />
          ) : (
            <p className="muted">No monthly figures.</p>
          )}
        </Card>

        <HowFiguresAreMade />
      </div>
    </div>
  );
}

// Center directors ---------------------------------------------------------------------------------

function DirectorAccess() {
  const session = useSession();
  const directed = session.centersFor('center_director');
  const [search, setSearch] = useSearchState({ period: 'last12', center: '' });
  const period = choosePeriod(search.period);
  const comparison = useComparison(period);
  const data = comparison.data;
  const wanted = directed.some((c) => c.id === search.center) ? search.center : directed[0]?.id;
  const own = data?.centers.find((c) => c.key === wanted) ?? data?.centers[0] ?? null;
  const chapter = own
    ? (data?.chapters.find((r) =>
        own.chapter ? r.label === own.chapter && r.state === own.state : r.key === `none:${own.state}`,
      ) ?? null)
    : null;
  const state = own ? (data?.states.find((r) => r.key === own.state) ?? null) : null;
  const rows = [own, chapter, state, data?.nation ?? null].filter((r): r is GapRow => r !== null);
  const stateGap = state?.figures.gapPerYear ?? null;
  const stateHidden = state !== null && stateGap === null && state.suppressed.includes('gapPerYear');

  return (
    <div className="page">
      <PageHeader
        title="Where children wait"
        lead="Children referred to your center for trauma-focused therapy in a year against what its trained clinicians can treat, beside your chapter, your state and the nation."
        actions={
          own && (
            <ButtonLink to={`/access/centers/${own.key}`} variant="primary">
              Capacity and reported months
            </ButtonLink>
          )
        }
      />
      <div className="stack" style={{ gap: 24 }}>
        <Card flush>
          <form className="filters" aria-label="Choose what to show" onSubmit={(e) => e.preventDefault()}>
            <PeriodField value={period} onChange={(v) => setSearch({ period: v })} />
            {directed.length > 1 && (
              <SelectField
                label="Center"
                value={wanted ?? ''}
                onChange={(e) => setSearch({ center: e.target.value })}
                options={directed.map((c) => ({ value: c.id, label: c.name }))}
              />
            )}
          </form>
        </Card>

        {comparison.isPending ? (
          <Spinner label="Loading your center’s figures…" />
        ) : comparison.error ? (
          <ErrorState error={comparison.error} onRetry={() => void comparison.refetch()} />
        ) : !own ? (
          <EmptyState headingLevel={2} icon={<ChartIcon />} title="No center to show">
            You direct no active center.
          </EmptyState>
        ) : (
          <>
            <Card title={own.label} subtitle={`Children a year, ${periodText(comparison.data.period)}`}>
              <Figures row={own} />
            </Card>

            <Card
              title="Your center beside your chapter, state and the nation"
              subtitle="Area figures include other centers: a figure is hidden when it could reveal another center’s small numbers."
              flush
            >
              <ComparisonTable
                rows={rows}
                caption={`${own.label} beside its chapter, state and the nation, ${periodText(comparison.data.period)}`}
              />
            </Card>

            <div className="access-map-layout">
              <Card title="Your state on the map" subtitle="Gap of the whole state, children a year.">
                <UsStateMap
                  values={own.state ? { [own.state]: stateGap } : {}}
                  label="Gap (children a year)"
                  unit="children a year"
                  format={formatGap}
                  mode="diverging"
                  divergingLabels={DIVERGING}
                  title="The access gap of your state, children a year"
                  description={
                    own.state
                      ? `${stateName(own.state)}: ${stateHidden ? HIDDEN_TEXT.toLowerCase() : stateGap === null ? 'no data' : `${formatGap(stateGap)} children a year`}. Other states are not shown to center directors.`
                      : undefined
                  }
                  missingReasons={own.state && stateHidden ? { [own.state]: HIDDEN_TEXT } : undefined}
                  highlight={own.state ? [own.state] : []}
                  highlightLabel={'your center’s state'}
                />
              </Card>
              <Card title={state ? stateName(state.label) : 'Your state'} subtitle="The whole state">
                {state ? <Figures row={state} /> : <p className="muted">No figures.</p>}
              </Card>
            </div>

            <Card
              title={`Month by month: ${own.label}`}
              subtitle="Children referred and children your trained clinicians can treat, a month; children waiting at each month’s end."
            >
              <TrendChart
                title={`Monthly referrals, trained capacity and waiting, ${own.label}`}
                trend={own.trend}
              />
            </Card>
          </>
        )}

        <HowFiguresAreMade forDirector />
      </div>
    </div>
  );
}

export function AccessPage() {
  const session = useSession();
  return session.isAdmin ? <NetworkAccess /> : <DirectorAccess />;
}
