/**
 * The results service a runner points ACTIONS_RESULTS_URL at, hosting the fake artifact and cache
 * services on one origin (both clients take only the origin), with blobs in Azurite.
 */
import { ArtifactService, ARTIFACT_CONTAINER } from './artifact-service.js'
import type { Azurite } from './azurite.js'
import { CacheService, CACHE_CONTAINER } from './cache-service.js'
import { newRunIds, type RunIds } from './token.js'
import { TwirpServer } from './twirp.js'

export class ResultsService extends TwirpServer {
  constructor(
    readonly artifacts: ArtifactService,
    readonly cache: CacheService
  ) {
    super([artifacts, cache])
  }

  /**
   * The variables a GitHub-hosted runner gives a step for these services, for one job
   * (fresh run and job ids unless given). GITHUB_SERVER_URL must be github.com (or *.ghe.com):
   * the clients refuse GHES.
   */
  runnerEnv(ids: RunIds = newRunIds(), runNumber = '1001'): Record<string, string> {
    return {
      ACTIONS_RUNTIME_TOKEN: this.issueToken(ids),
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'octo/ml-odyssey',
      GITHUB_RUN_ID: runNumber
    }
  }
}

export async function startResultsService(azurite: Azurite): Promise<ResultsService> {
  await azurite.createContainer(ARTIFACT_CONTAINER)
  await azurite.createContainer(CACHE_CONTAINER)
  return new ResultsService(new ArtifactService(azurite), new CacheService(azurite)).listen()
}
