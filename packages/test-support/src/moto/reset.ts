import { beforeAll } from 'vitest'
import { resetMoto } from './clients.js'

/** Each test file starts on an empty moto: files of a moto project run one at a time. */
beforeAll(resetMoto)
